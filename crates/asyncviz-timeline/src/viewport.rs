//! The visible window of the timeline's x axis, with zoom and pan that stay inside the trace.

/// The visible x range `start..start + span`, kept inside `extent`.
///
/// Invariant: `min_span <= span <= extent width` and `extent.0 <= start`,
/// `start + span <= extent.1`, so the view never shows space beyond the trace.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    start: f64,
    span: f64,
    extent: (f64, f64),
    min_span: f64,
}

impl Viewport {
    /// A view showing the whole extent. `min_span` bounds how far one can zoom in.
    pub fn fit(extent: (f64, f64), min_span: f64) -> Viewport {
        let (lo, hi) = (extent.0.min(extent.1), extent.0.max(extent.1));
        let width = (hi - lo).max(f64::EPSILON);
        let min_span = min_span.clamp(f64::EPSILON, width);
        Viewport {
            start: lo,
            span: width,
            extent: (lo, lo + width),
            min_span,
        }
    }

    /// The first visible x.
    pub fn start(&self) -> f64 {
        self.start
    }

    /// The visible width in x units.
    pub fn span(&self) -> f64 {
        self.span
    }

    /// The last visible x.
    pub fn end(&self) -> f64 {
        self.start + self.span
    }

    /// The whole range one can see.
    pub fn extent(&self) -> (f64, f64) {
        self.extent
    }

    /// How many times magnified the view is compared with showing everything.
    pub fn magnification(&self) -> f64 {
        (self.extent.1 - self.extent.0) / self.span
    }

    /// Whether the whole extent is visible.
    pub fn is_fit(&self) -> bool {
        self.magnification() <= 1.0 + 1e-9
    }

    /// Zooms by `factor` (above 1 zooms in), keeping the point at `anchor` (0 = left edge,
    /// 1 = right edge of the view) where it is.
    pub fn zoom(&mut self, factor: f64, anchor: f64) {
        if !(factor.is_finite() && factor > 0.0) {
            return;
        }
        let anchor = if anchor.is_finite() {
            anchor.clamp(0.0, 1.0)
        } else {
            0.5
        };
        let at = self.start + self.span * anchor;
        let width = self.extent.1 - self.extent.0;
        self.span = (self.span / factor).clamp(self.min_span, width);
        self.start = at - self.span * anchor;
        self.clamp();
    }

    /// Moves the view by a fraction of its width (positive moves right, towards later events).
    pub fn pan(&mut self, fraction: f64) {
        if fraction.is_finite() {
            self.start += self.span * fraction;
            self.clamp();
        }
    }

    /// Moves the view by `dx` x units.
    pub fn pan_by(&mut self, dx: f64) {
        if dx.is_finite() {
            self.start += dx;
            self.clamp();
        }
    }

    /// Puts `x` in the middle of the view, as far as the extent allows.
    pub fn center_on(&mut self, x: f64) {
        if x.is_finite() {
            self.start = x - self.span / 2.0;
            self.clamp();
        }
    }

    /// Scrolls the least amount so that `x` is inside the view with `margin` (a fraction of the
    /// view's width) to spare on either side.
    pub fn ensure_visible(&mut self, x: f64, margin: f64) {
        if !x.is_finite() {
            return;
        }
        let pad = self.span * margin.clamp(0.0, 0.45);
        if x < self.start + pad {
            self.start = x - pad;
        } else if x > self.end() - pad {
            self.start = x + pad - self.span;
        }
        self.clamp();
    }

    /// Shows exactly `lo..hi` (clamped to the extent and the minimum span).
    pub fn show(&mut self, lo: f64, hi: f64) {
        if lo.is_finite() && hi.is_finite() {
            let width = self.extent.1 - self.extent.0;
            self.span = (hi - lo).abs().clamp(self.min_span, width);
            self.start = lo.min(hi);
            self.clamp();
        }
    }

    /// Maps x to a pixel offset inside a plot `width` pixels wide.
    pub fn to_px(&self, x: f64, width: f64) -> f64 {
        (x - self.start) / self.span * width
    }

    /// Maps a pixel offset inside a plot `width` pixels wide back to x.
    pub fn from_px(&self, px: f64, width: f64) -> f64 {
        if width <= 0.0 {
            return self.start;
        }
        self.start + px / width * self.span
    }

    fn clamp(&mut self) {
        let width = self.extent.1 - self.extent.0;
        self.span = self.span.clamp(self.min_span, width);
        self.start = self.start.clamp(self.extent.0, self.extent.1 - self.span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_keeps_anchor_and_stays_inside() {
        let mut v = Viewport::fit((0.0, 100.0), 4.0);
        assert!(v.is_fit());
        v.zoom(2.0, 0.5);
        assert_eq!((v.start(), v.span()), (25.0, 50.0));
        v.zoom(2.0, 0.0);
        assert_eq!((v.start(), v.span()), (25.0, 25.0));
        v.zoom(1000.0, 0.5);
        assert_eq!(v.span(), 4.0);
        v.zoom(0.0001, 0.5);
        assert!(v.is_fit());
        v.zoom(f64::NAN, 0.5);
        assert!(v.is_fit());
    }

    #[test]
    fn pan_and_follow() {
        let mut v = Viewport::fit((0.0, 100.0), 4.0);
        v.zoom(10.0, 0.0);
        v.pan(0.5);
        assert_eq!(v.start(), 5.0);
        v.pan(-100.0);
        assert_eq!(v.start(), 0.0);
        v.ensure_visible(50.0, 0.1);
        assert_eq!(v.end(), 51.0);
        v.center_on(99.0);
        assert_eq!(v.end(), 100.0);
        assert_eq!(v.from_px(v.to_px(97.0, 640.0), 640.0), 97.0);
    }
}
