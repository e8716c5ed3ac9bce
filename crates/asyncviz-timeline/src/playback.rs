//! Playback as a pure state machine: a timer in the page calls [`Playback::tick`].

use crate::index::TraceIndex;

/// The playback speeds offered, as multiples of normal speed.
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];

/// The index of 1× in [`SPEEDS`].
pub const NORMAL_SPEED: usize = 2;

/// Milliseconds per event at 1×.
const BASE_INTERVAL_MS: f64 = 320.0;

/// Where playback is and whether it is running.
///
/// Invariant: `step <= len`; `playing` is false at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Playback {
    step: usize,
    len: usize,
    playing: bool,
    speed: usize,
}

impl Playback {
    /// Paused at `step` (clamped) of a trace with `len` events, at normal speed.
    pub fn new(len: usize, step: usize) -> Playback {
        Playback {
            step: step.min(len),
            len,
            playing: false,
            speed: NORMAL_SPEED,
        }
    }

    /// The current step.
    pub fn step(&self) -> usize {
        self.step
    }

    /// The number of steps.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the trace has no events.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether it is playing.
    pub fn playing(&self) -> bool {
        self.playing
    }

    /// Whether the step is the last.
    pub fn at_end(&self) -> bool {
        self.step >= self.len
    }

    /// Index into [`SPEEDS`].
    pub fn speed_index(&self) -> usize {
        self.speed
    }

    /// The speed multiplier.
    pub fn speed(&self) -> f64 {
        SPEEDS[self.speed]
    }

    /// Milliseconds between ticks at the current speed.
    pub fn interval_ms(&self) -> u32 {
        (BASE_INTERVAL_MS / self.speed()).round() as u32
    }

    /// Sets the speed by index into [`SPEEDS`] (clamped).
    pub fn set_speed(&mut self, index: usize) {
        self.speed = index.min(SPEEDS.len() - 1);
    }

    /// Plays, or pauses if playing. Playing from the end starts over.
    pub fn toggle(&mut self) {
        if self.playing {
            self.playing = false;
        } else {
            if self.at_end() {
                self.step = 0;
            }
            self.playing = self.len > 0;
        }
    }

    /// Pauses.
    pub fn pause(&mut self) {
        self.playing = false;
    }

    /// One timer tick: advance one step; stop at the end. Returns whether the step changed.
    pub fn tick(&mut self) -> bool {
        if !self.playing {
            return false;
        }
        if self.at_end() {
            self.playing = false;
            return false;
        }
        self.step += 1;
        if self.at_end() {
            self.playing = false;
        }
        true
    }

    /// Moves to a step (clamped). Seeking pauses only at the end.
    pub fn seek(&mut self, step: usize) {
        self.step = step.min(self.len);
        if self.at_end() {
            self.playing = false;
        }
    }

    /// One event forward, paused.
    pub fn forward(&mut self) {
        self.playing = false;
        self.seek(self.step + 1);
    }

    /// One event back, paused.
    pub fn back(&mut self) {
        self.playing = false;
        self.seek(self.step.saturating_sub(1));
    }

    /// To the end of the next poll, paused.
    pub fn next_poll(&mut self, index: &TraceIndex) {
        self.playing = false;
        let target = index.next_poll_stop(self.step).unwrap_or(self.len);
        self.seek(target);
    }

    /// To the end of the previous poll, paused.
    pub fn prev_poll(&mut self, index: &TraceIndex) {
        self.playing = false;
        let target = index.prev_poll_stop(self.step).unwrap_or(0);
        self.seek(target);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plays_to_the_end_and_stops() {
        let mut p = Playback::new(3, 0);
        p.toggle();
        assert!(p.playing());
        assert!(p.tick() && p.tick() && p.tick());
        assert!(!p.playing());
        assert!(!p.tick());
        assert_eq!(p.step(), 3);
        p.toggle();
        assert_eq!((p.step(), p.playing()), (0, true));
    }

    #[test]
    fn stepping_clamps() {
        let mut p = Playback::new(2, 9);
        assert_eq!(p.step(), 2);
        p.forward();
        assert_eq!(p.step(), 2);
        p.back();
        p.back();
        p.back();
        assert_eq!(p.step(), 0);
        p.set_speed(99);
        assert_eq!(p.speed(), 4.0);
        assert_eq!(p.interval_ms(), 80);
        let mut empty = Playback::new(0, 0);
        empty.toggle();
        assert!(!empty.playing());
    }
}
