//! Golden files for every scenario: what it prints, and its whole trace.
//!
//! For each scenario, `golden/<id>.out` holds the printed output and `golden/<id>.trace.json`
//! the full trace. Running a scenario twice must give byte-identical JSON. Re-bless with
//! `UPDATE_EXPECT=1 cargo test -p asyncviz-programs --test golden`.

use asyncviz_executor::Builder;
use asyncviz_programs::{catalogue, run, ExpectedOutcome};
use asyncviz_trace::Outcome;

#[test]
fn every_scenario_matches_its_golden_output_and_trace() {
    for scenario in catalogue() {
        let trace = run(scenario.id, Builder::new()).expect("every catalogue id runs");
        let again = run(scenario.id, Builder::new()).expect("every catalogue id runs");
        let json = trace.to_json();
        assert!(
            json == again.to_json(),
            "{}: two runs gave different traces",
            scenario.id
        );

        let hung = matches!(trace.outcome, Outcome::Hang { .. });
        assert_eq!(
            hung,
            scenario.expected_outcome == ExpectedOutcome::Hangs,
            "{}: outcome {:?}",
            scenario.id,
            trace.outcome
        );
        expect_test::expect_file![format!("golden/{}.out", scenario.id)].assert_eq(&trace.output());
        expect_test::expect_file![format!("golden/{}.trace.json", scenario.id)].assert_eq(&json);
    }
}
