//! What a link asks the page to show: [`ViewParams`] and the small types it is made of.

use std::fmt;

/// The version of the link contract this crate implements (`v=1`, or no `v` at all).
///
/// A link without `v` is version 1. The number only goes up when a later version gives an
/// existing key a new meaning; adding keys or values does not need a new version.
pub const CONTRACT_VERSION: u32 = 1;

/// The slowest playback speed a link may ask for, as a multiple of normal speed.
pub const MIN_SPEED: f32 = 0.25;
/// The fastest playback speed a link may ask for, as a multiple of normal speed.
pub const MAX_SPEED: f32 = 4.0;
/// Normal playback speed.
pub const DEFAULT_SPEED: f32 = 1.0;

/// Which program a link opens.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ProgramRef {
    /// The link names no program (or named one it could not read): the page shows its own
    /// default program.
    #[default]
    Default,
    /// A built-in program by its id, e.g. `05-sequential-await-vs-join` (`p=`).
    ///
    /// The id is whatever the link said; whether such a program exists is for the page to check
    /// (see [`ViewParams::check_program`]).
    Builtin(String),
    /// The text of a tokio program carried in the link itself (`c=`), already decompressed.
    Code(String),
}

/// The colour theme a link asks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Theme {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
    /// Follow the reader's saved choice, else the system's `prefers-color-scheme`.
    #[default]
    Auto,
}

impl Theme {
    /// Every theme, in the order the contract lists them.
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    /// The theme's name in a link (`light`, `dark`, `auto`).
    pub fn name(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }

    /// The theme a link value names, if any (exact, lower case).
    pub fn from_name(name: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.name() == name)
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One part of the page that a link can show or hide.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Panel {
    /// The program's source, with the current await point marked.
    Code,
    /// The timeline of polls, wakes and sleeps.
    Timeline,
    /// The executor's run queue.
    Queue,
    /// The live wakers and who holds them.
    Wakers,
    /// Each future's pin and state-machine state.
    Pin,
    /// What the program printed so far.
    Output,
    /// The one-sentence description of the current step.
    Narration,
}

impl Panel {
    /// Every panel, in canonical order (the order [`crate::format()`] writes them in).
    pub const ALL: [Panel; 7] = [
        Panel::Code,
        Panel::Timeline,
        Panel::Queue,
        Panel::Wakers,
        Panel::Pin,
        Panel::Output,
        Panel::Narration,
    ];

    /// The panel's name in a link.
    pub fn name(self) -> &'static str {
        match self {
            Panel::Code => "code",
            Panel::Timeline => "timeline",
            Panel::Queue => "queue",
            Panel::Wakers => "wakers",
            Panel::Pin => "pin",
            Panel::Output => "output",
            Panel::Narration => "narration",
        }
    }

    /// The panel a link value names, if any (exact, lower case).
    pub fn from_name(name: &str) -> Option<Panel> {
        Panel::ALL.into_iter().find(|p| p.name() == name)
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

impl fmt::Display for Panel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A set of panels. Iteration and formatting follow [`Panel::ALL`], whatever order a link used.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct PanelSet {
    bits: u8,
}

impl PanelSet {
    /// No panels.
    pub const fn empty() -> PanelSet {
        PanelSet { bits: 0 }
    }

    /// Every panel.
    pub fn all() -> PanelSet {
        Panel::ALL.into_iter().collect()
    }

    /// Adds a panel.
    pub fn insert(&mut self, panel: Panel) {
        self.bits |= panel.bit();
    }

    /// Whether the set holds `panel`.
    pub fn contains(self, panel: Panel) -> bool {
        self.bits & panel.bit() != 0
    }

    /// Whether the set holds no panel.
    pub fn is_empty(self) -> bool {
        self.bits == 0
    }

    /// The panels in canonical order.
    pub fn iter(self) -> impl Iterator<Item = Panel> {
        Panel::ALL.into_iter().filter(move |p| self.contains(*p))
    }
}

impl FromIterator<Panel> for PanelSet {
    fn from_iter<I: IntoIterator<Item = Panel>>(iter: I) -> PanelSet {
        let mut set = PanelSet::empty();
        for panel in iter {
            set.insert(panel);
        }
        set
    }
}

impl fmt::Debug for PanelSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for PanelSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, panel) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(panel.name())?;
        }
        Ok(())
    }
}

/// Everything a link asks the page to show. [`crate::parse()`] makes one from a hash, always.
///
/// Plain data: any value is allowed here. [`crate::parse()`] only produces a `speed` within
/// [`MIN_SPEED`]`..=`[`MAX_SPEED`], and [`crate::format()`] clamps it into that range.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewParams {
    /// The program to open (`p=` or `c=`).
    pub program: ProgramRef,
    /// The step to open at (`s=`); `None` means the start. The page clamps it to the run.
    pub step: Option<usize>,
    /// Whether to start playing on open (`play=1`).
    pub autoplay: bool,
    /// Playback speed as a multiple of normal (`speed=`).
    pub speed: f32,
    /// The colour theme (`theme=`).
    pub theme: Theme,
    /// Compact chrome for an iframe (`embed=1`).
    pub embed: bool,
    /// The panels to show (`panels=`); `None` shows the page's usual panels.
    pub panels: Option<PanelSet>,
    /// The contract version the link was written for (`v=`); 1 when absent.
    pub version: u32,
}

impl Default for ViewParams {
    fn default() -> ViewParams {
        ViewParams {
            program: ProgramRef::Default,
            step: None,
            autoplay: false,
            speed: DEFAULT_SPEED,
            theme: Theme::Auto,
            embed: false,
            panels: None,
            version: CONTRACT_VERSION,
        }
    }
}

impl ViewParams {
    /// Whether `panel` should be shown: every panel is, unless the link listed panels.
    pub fn shows(&self, panel: Panel) -> bool {
        self.panels.is_none_or(|set| set.contains(panel))
    }

    /// The index in `speeds` (the speeds the page offers, slowest first) nearest to the
    /// requested speed; 0 if `speeds` is empty.
    pub fn speed_index(&self, speeds: &[f64]) -> usize {
        let want = f64::from(self.speed);
        speeds
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| (*a - want).abs().total_cmp(&(*b - want).abs()))
            .map_or(0, |(i, _)| i)
    }

    /// Checks a built-in program id against the ids that exist. If the link named one that does
    /// not exist, the program becomes [`ProgramRef::Default`] and the notice says so.
    pub fn check_program(&mut self, known: &[&str]) -> Option<crate::Notice> {
        let ProgramRef::Builtin(id) = &self.program else {
            return None;
        };
        if known.contains(&id.as_str()) {
            return None;
        }
        let notice = crate::Notice::new(
            "p",
            format!(
                "There is no built-in program “{}”, so the default program is shown instead.",
                crate::notice::shorten(id)
            ),
        );
        self.program = ProgramRef::Default;
        Some(notice)
    }

    /// The view to show after the hash changed from `before` to `after` while `self` was shown.
    ///
    /// Only what the hash change altered is taken from `after`; everything else keeps its
    /// current value. A host page that rewrites an iframe's `src` to switch `theme=` therefore
    /// switches the theme without sending the reader back to the step the link started at.
    /// If the program changed, the view starts over from `after`.
    pub fn follow_hash_change(&self, before: &ViewParams, after: &ViewParams) -> ViewParams {
        if before.program != after.program {
            return after.clone();
        }
        fn pick<T: Clone + PartialEq>(now: &T, before: &T, after: &T) -> T {
            if before == after { now } else { after }.clone()
        }
        ViewParams {
            program: self.program.clone(),
            step: pick(&self.step, &before.step, &after.step),
            autoplay: pick(&self.autoplay, &before.autoplay, &after.autoplay),
            speed: pick(&self.speed, &before.speed, &after.speed),
            theme: pick(&self.theme, &before.theme, &after.theme),
            embed: pick(&self.embed, &before.embed, &after.embed),
            panels: pick(&self.panels, &before.panels, &after.panels),
            version: after.version,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in Panel::ALL {
            assert_eq!(Panel::from_name(p.name()), Some(p));
        }
        for t in Theme::ALL {
            assert_eq!(Theme::from_name(t.name()), Some(t));
        }
        assert_eq!(Panel::from_name("Code"), None);
        assert_eq!(Theme::from_name("coal"), None);
    }

    #[test]
    fn panel_sets_iterate_in_canonical_order() {
        let set: PanelSet = [Panel::Output, Panel::Code, Panel::Output]
            .into_iter()
            .collect();
        assert_eq!(set.to_string(), "code,output");
        assert_eq!(format!("{set:?}"), "{Code, Output}");
        assert_eq!(PanelSet::all().iter().count(), Panel::ALL.len());
        assert!(PanelSet::empty().is_empty());
    }

    #[test]
    fn shows_every_panel_unless_listed() {
        let mut p = ViewParams::default();
        assert!(Panel::ALL.iter().all(|&panel| p.shows(panel)));
        p.panels = Some([Panel::Timeline].into_iter().collect());
        assert!(p.shows(Panel::Timeline));
        assert!(!p.shows(Panel::Code));
    }

    #[test]
    fn picks_the_nearest_offered_speed() {
        let speeds = [0.25, 0.5, 1.0, 2.0, 4.0];
        let at = |speed| {
            ViewParams {
                speed,
                ..ViewParams::default()
            }
            .speed_index(&speeds)
        };
        assert_eq!(at(1.0), 2);
        assert_eq!(at(2.0), 3);
        assert_eq!(at(0.3), 0);
        assert_eq!(at(3.5), 4);
        assert_eq!(ViewParams::default().speed_index(&[]), 0);
    }

    #[test]
    fn unknown_builtin_falls_back_with_a_notice() {
        let mut p = ViewParams {
            program: ProgramRef::Builtin("nope".into()),
            ..ViewParams::default()
        };
        let notice = p.check_program(&["a", "b"]).expect("unknown id");
        assert_eq!(p.program, ProgramRef::Default);
        assert_eq!(notice.key, "p");
        assert!(notice.message.contains("“nope”"), "{notice}");
        let mut ok = ViewParams {
            program: ProgramRef::Builtin("b".into()),
            ..ViewParams::default()
        };
        assert_eq!(ok.check_program(&["a", "b"]), None);
        assert_eq!(ok.program, ProgramRef::Builtin("b".into()));
    }

    #[test]
    fn a_hash_change_moves_only_what_changed() {
        let before = ViewParams {
            program: ProgramRef::Code("x".into()),
            step: Some(12),
            theme: Theme::Light,
            embed: true,
            ..ViewParams::default()
        };
        // The reader has played on to step 40 at 2x.
        let now = ViewParams {
            step: Some(40),
            speed: 2.0,
            ..before.clone()
        };
        let after = ViewParams {
            theme: Theme::Dark,
            ..before.clone()
        };
        let next = now.follow_hash_change(&before, &after);
        assert_eq!(next.theme, Theme::Dark);
        assert_eq!(next.step, Some(40));
        assert_eq!(next.speed, 2.0);
        // A new program starts over.
        let other = ViewParams {
            program: ProgramRef::Builtin("a".into()),
            ..before.clone()
        };
        assert_eq!(now.follow_hash_change(&before, &other), other);
    }
}
