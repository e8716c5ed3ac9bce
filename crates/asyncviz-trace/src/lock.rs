//! Who has a `tokio::sync::Mutex`: the value of a mutex resource's `held_by` attribute.

use crate::TaskId;

/// The attribute of a mutex resource that says who has the lock.
pub const HELD_BY: &str = "held_by";

/// Who has a mutex's lock, as its [`HELD_BY`] attribute says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LockHolder {
    /// Nobody: the next locker takes it at once.
    Free,
    /// A task took the lock and holds it until its guard is dropped.
    Task(TaskId),
    /// Unlocking handed the lock straight to the oldest waiter, a `lock()` future that has not
    /// been polled since: the lock is that future's, and it takes it when it is next polled.
    HandedTo {
        /// The task the waiting future belongs to.
        task: TaskId,
        /// What the future is, as the program wrote it (`mutex.lock()`).
        label: String,
        /// Where it was awaited.
        line: Option<u32>,
    },
}

impl LockHolder {
    /// The attribute's value: `-`, `task 2`, or `handed to task 0's mutex.lock() at line 26`.
    pub fn to_attr(&self) -> String {
        match self {
            LockHolder::Free => "-".to_string(),
            LockHolder::Task(t) => t.to_string(),
            LockHolder::HandedTo { task, label, line } => {
                let at = line.map_or(String::new(), |l| format!(" at line {l}"));
                format!("handed to {task}'s {label}{at}")
            }
        }
    }

    /// Reads an attribute value written by [`LockHolder::to_attr`]; `None` for anything else.
    pub fn parse(value: &str) -> Option<LockHolder> {
        if value == "-" {
            return Some(LockHolder::Free);
        }
        if let Some(handed) = value.strip_prefix("handed to task ") {
            let (id, rest) = handed.split_once("'s ")?;
            let task = TaskId(id.parse().ok()?);
            let (label, line) = match rest.rsplit_once(" at line ") {
                Some((label, line)) => (label, Some(line.parse().ok()?)),
                None => (rest, None),
            };
            return Some(LockHolder::HandedTo {
                task,
                label: label.to_string(),
                line,
            });
        }
        let id = value.strip_prefix("task ")?;
        Some(LockHolder::Task(TaskId(id.parse().ok()?)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_holder_reads_back_as_written() {
        let holders = [
            LockHolder::Free,
            LockHolder::Task(TaskId(2)),
            LockHolder::HandedTo {
                task: TaskId(0),
                label: "mutex.lock()".into(),
                line: Some(26),
            },
            LockHolder::HandedTo {
                task: TaskId(3),
                label: "lock.lock()".into(),
                line: None,
            },
        ];
        for h in holders {
            assert_eq!(
                LockHolder::parse(&h.to_attr()),
                Some(h.clone()),
                "{}",
                h.to_attr()
            );
        }
        assert_eq!(
            LockHolder::HandedTo {
                task: TaskId(0),
                label: "mutex.lock()".into(),
                line: Some(26)
            }
            .to_attr(),
            "handed to task 0's mutex.lock() at line 26"
        );
    }

    #[test]
    fn other_values_are_not_holders() {
        for value in [
            "",
            "task",
            "task x",
            "handed to task 1",
            "handed to task 1's x at line y",
            "3",
        ] {
            assert_eq!(LockHolder::parse(value), None, "{value}");
        }
    }
}
