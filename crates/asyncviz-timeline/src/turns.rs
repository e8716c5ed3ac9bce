//! Panels that take turns to follow the step while the slider is dragged.

/// Which panel to bring up to date in a frame, round robin.
///
/// While the scrubber is dragged, a frame with a move shows the new step in the timeline and the
/// playback bar only; the panels on screen follow in the frames between moves: the code and the
/// narration first, then the panels below the timeline, which take turns, one per frame. A frame
/// then costs about the same whether one of those panels is on screen or all of them (a tall
/// screen shows them all).
#[derive(Debug, Default)]
pub struct Turns {
    /// The panel whose turn is next.
    next: usize,
}

impl Turns {
    /// Of `n` panels, the one to bring up to date now: the first that is `behind` (on screen and
    /// showing another step than the frame), counting from the one after the last picked.
    /// `None` when none is behind.
    pub fn pick(&mut self, n: usize, behind: impl Fn(usize) -> bool) -> Option<usize> {
        let picked = (0..n).map(|k| (self.next + k) % n).find(|&i| behind(i))?;
        self.next = (picked + 1) % n;
        Some(picked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panels_behind_take_turns() {
        let mut turns = Turns::default();
        let all = |_| true;
        let order: Vec<_> = (0..6).map(|_| turns.pick(4, all).unwrap()).collect();
        assert_eq!(order, [0, 1, 2, 3, 0, 1]);
    }

    #[test]
    fn panels_up_to_date_or_off_screen_are_skipped() {
        let mut turns = Turns::default();
        let behind = |i| i == 1 || i == 3;
        assert_eq!(turns.pick(4, behind), Some(1));
        assert_eq!(turns.pick(4, behind), Some(3));
        assert_eq!(turns.pick(4, behind), Some(1));
        assert_eq!(turns.pick(4, |_| false), None);
        // Nothing was picked, so the turn stayed with the panel after the last one picked.
        assert_eq!(turns.pick(4, |_| true), Some(2));
    }

    #[test]
    fn catching_up_brings_every_panel_up_to_date_once() {
        let mut turns = Turns::default();
        let mut behind = [true, false, true, true];
        let mut frames = 0;
        while let Some(i) = turns.pick(4, |i| behind[i]) {
            behind[i] = false;
            frames += 1;
        }
        assert_eq!(frames, 3);
        assert_eq!(turns.pick(0, |_| true), None);
    }
}
