//! Where things are drawn, in CSS pixels, and what is under the pointer. The painter in the web
//! crate and the hit test here use the same functions, so a click always lands on what is drawn.

use crate::layout::{AxisMode, Bar, BarKind, ChildBar, Mark, Timeline};
use crate::viewport::Viewport;
use std::ops::Range;

/// The narrowest a bar is drawn, in pixels, so zero-width polls stay visible and clickable.
pub const BAR_MIN_PX: f64 = 2.0;

/// How near (pixels) a click must be to a mark or an arrow to select it.
const HIT_SLOP: f64 = 5.0;

/// A rectangle in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether a point is inside, with `slop` pixels to spare.
    pub fn contains(&self, px: f64, py: f64, slop: f64) -> bool {
        px >= self.x - slop
            && px <= self.x + self.w + slop
            && py >= self.y - slop
            && py <= self.y + self.h + slop
    }
}

/// A cubic Bézier curve, how wake arrows are drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curve {
    /// Start (where `wake` was called).
    pub from: (f64, f64),
    /// First control point.
    pub c1: (f64, f64),
    /// Second control point.
    pub c2: (f64, f64),
    /// End (the woken task's next poll), where the arrowhead is.
    pub to: (f64, f64),
}

impl Curve {
    /// The point at parameter `t` in `0..=1`.
    pub fn at(&self, t: f64) -> (f64, f64) {
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (
            a * self.from.0 + b * self.c1.0 + c * self.c2.0 + d * self.to.0,
            a * self.from.1 + b * self.c1.1 + c * self.c2.1 + d * self.to.1,
        )
    }

    /// The distance from a point to the curve (approximated by 16 segments).
    pub fn distance(&self, px: f64, py: f64) -> f64 {
        let mut best = f64::INFINITY;
        let mut prev = self.from;
        for i in 1..=16 {
            let next = self.at(i as f64 / 16.0);
            best = best.min(segment_distance(prev, next, (px, py)));
            prev = next;
        }
        best
    }
}

fn segment_distance(a: (f64, f64), b: (f64, f64), p: (f64, f64)) -> f64 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - cx).powi(2) + (p.1 - cy).powi(2)).sqrt()
}

/// Where the step axis's time labels go: one for each point where virtual time jumps, given as
/// its pixel x and the new time, in order of x. The first point may lie left of `left` (the plot's
/// left edge): its label is then pinned at the edge, saying the time in force there. A label
/// closer than `gap` pixels to the one before it is left out, except that a label that would
/// crowd a pinned one replaces it (a jump right at the edge says more than the time before it).
/// Returns each label's x (at least `left`) and time.
pub fn time_labels(
    jumps: impl IntoIterator<Item = (f64, u64)>,
    left: f64,
    gap: f64,
) -> Vec<(f64, u64)> {
    let mut labels: Vec<(f64, u64)> = Vec::new();
    let mut pinned = false;
    for (x, t) in jumps {
        let at = x.max(left);
        match labels.last() {
            Some(&(prev, _)) if at - prev < gap => {
                if pinned {
                    labels.pop();
                    labels.push((at, t));
                    pinned = x < left;
                }
            }
            _ => {
                labels.push((at, t));
                pinned = x < left;
            }
        }
    }
    labels
}

/// The canvas layout: a label gutter on the left, a time axis on top, then lanes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    /// Canvas width.
    pub width: f64,
    /// Canvas height.
    pub height: f64,
    /// Width of the lane-label column.
    pub gutter: f64,
    /// Height of the time axis.
    pub axis_h: f64,
    /// Height of one lane.
    pub lane_h: f64,
    /// The first lane shown (vertical scroll).
    pub first_lane: usize,
    /// How x is laid out.
    pub mode: AxisMode,
}

impl Geometry {
    /// Width of the plot area right of the gutter.
    pub fn plot_w(&self) -> f64 {
        (self.width - self.gutter).max(1.0)
    }

    /// How many lanes fit.
    pub fn lanes_fitting(&self) -> usize {
        (((self.height - self.axis_h) / self.lane_h).floor().max(1.0)) as usize
    }

    /// The lanes that are (at least partly) visible.
    pub fn visible_lanes(&self, lanes: usize) -> Range<usize> {
        let start = self.first_lane.min(lanes);
        start..(start + self.lanes_fitting() + 1).min(lanes)
    }

    /// The pixel x of an axis x.
    pub fn px(&self, vp: &Viewport, x: f64) -> f64 {
        self.gutter + vp.to_px(x, self.plot_w())
    }

    /// The axis x under a pixel x.
    pub fn x_at(&self, vp: &Viewport, px: f64) -> f64 {
        vp.from_px(px - self.gutter, self.plot_w())
    }

    /// Top of a lane (may be off-canvas when scrolled).
    pub fn lane_top(&self, lane: usize) -> f64 {
        self.axis_h + (lane as f64 - self.first_lane as f64) * self.lane_h
    }

    /// Vertical middle of a lane's bars.
    pub fn lane_mid(&self, lane: usize) -> f64 {
        self.lane_top(lane) + 4.0 + self.bar_h() / 2.0
    }

    fn bar_h(&self) -> f64 {
        (self.lane_h - 12.0).max(6.0)
    }

    /// The lane under a pixel y, if any.
    pub fn lane_at(&self, py: f64, lanes: usize) -> Option<usize> {
        if py < self.axis_h {
            return None;
        }
        let lane = self.first_lane + ((py - self.axis_h) / self.lane_h).floor() as usize;
        (lane < lanes).then_some(lane)
    }

    fn span_px(&self, tl: &Timeline, vp: &Viewport, first: u32, last: u32, min: f64) -> (f64, f64) {
        let x0 = self.px(vp, tl.x_left(first, self.mode));
        let x1 = self.px(vp, tl.x_right(last, self.mode));
        let w = x1 - x0;
        // Leave a hairline gap between neighbouring bars when there is room for it.
        let (x0, w) = if w > 6.0 {
            (x0 + 0.5, w - 1.0)
        } else {
            (x0, w)
        };
        if w < min {
            let mid = (x0 + x1) / 2.0;
            (mid - min / 2.0, min)
        } else {
            (x0, w)
        }
    }

    /// Where a bar (poll or blocking run) is drawn.
    pub fn bar_rect(&self, tl: &Timeline, vp: &Viewport, lane: usize, bar: &Bar) -> Rect {
        let (x, w) = self.span_px(tl, vp, bar.first, bar.last, BAR_MIN_PX);
        let top = self.lane_top(lane) + 4.0;
        match bar.kind {
            // Pending polls are drawn shorter than Ready ones: shape, not only colour, tells them apart.
            BarKind::Poll {
                result: Some(asyncviz_trace::PollResult::Pending),
                ..
            } => Rect {
                x,
                y: top + 2.0,
                w,
                h: self.bar_h() - 4.0,
            },
            BarKind::Queued { .. } => Rect {
                x,
                y: self.lane_mid(lane) - 2.5,
                w,
                h: 5.0,
            },
            _ => Rect {
                x,
                y: top,
                w,
                h: self.bar_h(),
            },
        }
    }

    /// Where a child poll is drawn: a thin bar under its task's poll.
    pub fn child_rect(&self, tl: &Timeline, vp: &Viewport, lane: usize, child: &ChildBar) -> Rect {
        let (x, w) = self.span_px(tl, vp, child.first, child.last, BAR_MIN_PX);
        let depth = child.depth.clamp(1, 2) as f64;
        Rect {
            x,
            y: self.lane_top(lane) + self.lane_h - 8.0 + (depth - 1.0) * 3.0 - 1.0,
            w,
            h: 3.0,
        }
    }

    /// The centre of a mark.
    pub fn mark_pos(&self, tl: &Timeline, vp: &Viewport, lane: usize, mark: &Mark) -> (f64, f64) {
        (
            self.px(vp, tl.x_mid(mark.seq, self.mode)),
            self.lane_mid(lane),
        )
    }

    /// The curve of a wake arrow.
    pub fn arrow_curve(&self, tl: &Timeline, vp: &Viewport, arrow: &crate::layout::Arrow) -> Curve {
        let x0 = self.px(vp, tl.x_mid(arrow.wake_seq, self.mode));
        let y0 = self.lane_mid(arrow.from_lane as usize);
        let y1 = self.lane_mid(arrow.to_lane as usize);
        let x1 = match arrow.to_seq {
            Some(s) => self.px(vp, tl.x_left(s, self.mode)),
            None => x0 + 18.0,
        };
        let dx = (x1 - x0).abs().max(12.0);
        if arrow.from_lane == arrow.to_lane {
            // A self-wake loops over its own lane.
            let lift = self.lane_h * 0.7;
            Curve {
                from: (x0, y0),
                c1: (x0 + dx * 0.2, y0 - lift),
                c2: (x1 - dx * 0.2, y1 - lift),
                to: (x1, y1),
            }
        } else {
            Curve {
                from: (x0, y0),
                c1: (x0 + dx * 0.5, y0),
                c2: (x1 - dx * 0.5, y1),
                to: (x1, y1),
            }
        }
    }
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hit {
    /// A poll or blocking bar: lane and position in [`crate::Lane::bars`].
    Bar {
        /// The lane.
        lane: usize,
        /// The bar.
        bar: usize,
    },
    /// A queued band.
    Band {
        /// The lane.
        lane: usize,
        /// The band.
        band: usize,
    },
    /// A child poll.
    Child {
        /// The lane.
        lane: usize,
        /// The child bar.
        child: usize,
    },
    /// A mark.
    Mark {
        /// The lane.
        lane: usize,
        /// The mark.
        mark: usize,
    },
    /// A wake arrow, by position in [`Timeline::arrows`].
    Arrow {
        /// The arrow.
        arrow: usize,
    },
    /// Empty space in a lane or on the axis: a place on the time line.
    Place {
        /// The lane, if in one.
        lane: Option<usize>,
        /// The step nearest the pointer.
        step: usize,
    },
}

impl Hit {
    /// The step that selecting this moves to: a poll's end, a wake, a mark's event.
    pub fn step(&self, tl: &Timeline) -> usize {
        let len = tl.len();
        let s = match *self {
            Hit::Bar { lane, bar } => tl
                .lanes()
                .get(lane)
                .and_then(|l| l.bars.get(bar))
                .map_or(0, |b| b.last as usize + 1),
            Hit::Band { lane, band } => tl
                .lanes()
                .get(lane)
                .and_then(|l| l.bands.get(band))
                .map_or(0, |b| b.first as usize + 1),
            Hit::Child { lane, child } => tl
                .lanes()
                .get(lane)
                .and_then(|l| l.children.get(child))
                .map_or(0, |c| c.last as usize + 1),
            Hit::Mark { lane, mark } => tl
                .lanes()
                .get(lane)
                .and_then(|l| l.marks.get(mark))
                .map_or(0, |m| m.seq as usize + 1),
            Hit::Arrow { arrow } => tl
                .arrows()
                .get(arrow)
                .map_or(0, |a| a.wake_seq as usize + 1),
            Hit::Place { step, .. } => step,
        };
        s.min(len)
    }

    /// The task this is about, if any.
    pub fn task(&self, tl: &Timeline) -> Option<asyncviz_trace::TaskId> {
        let lane_task = |lane: usize| match tl.lanes().get(lane).map(|l| l.kind) {
            Some(crate::layout::LaneKind::Task(t)) => Some(t),
            _ => None,
        };
        match *self {
            Hit::Bar { lane, bar } => match tl
                .lanes()
                .get(lane)
                .and_then(|l| l.bars.get(bar))
                .map(|b| b.kind)
            {
                Some(
                    BarKind::Poll { task, .. }
                    | BarKind::Blocking { task }
                    | BarKind::Queued { task, .. },
                ) => Some(task),
                None => None,
            },
            Hit::Arrow { arrow } => tl.arrows().get(arrow).map(|a| a.task),
            Hit::Band { lane, .. } | Hit::Child { lane, .. } | Hit::Mark { lane, .. } => {
                lane_task(lane)
            }
            Hit::Place { lane, .. } => lane.and_then(lane_task),
        }
    }
}

/// What is at pixel `(px, py)`: marks first, then arrows (if drawn), then bars, then the place.
pub fn hit_test(
    tl: &Timeline,
    vp: &Viewport,
    g: &Geometry,
    px: f64,
    py: f64,
    arrows_drawn: bool,
) -> Option<Hit> {
    if px < g.gutter || px > g.width || py < 0.0 || py > g.height {
        return None;
    }
    let x = g.x_at(vp, px);
    let place_step = tl.step_at_x(x, g.mode);
    let slop_x = g.x_at(vp, px + HIT_SLOP + 10.0) - x;
    let (lo, hi) = tl.seq_window(x - slop_x, x + slop_x, g.mode);
    let lane = g.lane_at(py, tl.lanes().len());

    if let Some(l) = lane {
        let data = &tl.lanes()[l];
        let mut best: Option<(f64, usize)> = None;
        for i in data.marks.overlapping(lo, hi) {
            let (mx, my) = g.mark_pos(tl, vp, l, &data.marks.items()[i]);
            let d = ((mx - px).powi(2) + (my - py).powi(2)).sqrt();
            if d <= HIT_SLOP + 1.0 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, i));
            }
        }
        if let Some((_, mark)) = best {
            return Some(Hit::Mark { lane: l, mark });
        }
    }
    if arrows_drawn {
        let (alo, ahi) = tl.seq_window(g.x_at(vp, g.gutter), g.x_at(vp, g.width), g.mode);
        let mut best: Option<(f64, usize)> = None;
        for i in tl.arrows().overlapping(alo, ahi) {
            let d = g
                .arrow_curve(tl, vp, &tl.arrows().items()[i])
                .distance(px, py);
            if d <= HIT_SLOP - 1.0 && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, i));
            }
        }
        if let Some((_, arrow)) = best {
            return Some(Hit::Arrow { arrow });
        }
    }
    if let Some(l) = lane {
        let data = &tl.lanes()[l];
        for i in data.children.overlapping(lo, hi) {
            if g.child_rect(tl, vp, l, &data.children.items()[i])
                .contains(px, py, 1.0)
            {
                return Some(Hit::Child { lane: l, child: i });
            }
        }
        let mut hit_bar = None;
        for i in data.bars.overlapping(lo, hi) {
            let r = g.bar_rect(tl, vp, l, &data.bars.items()[i]);
            if r.contains(px, py, 1.0) {
                // Prefer the bar whose centre is nearest when tiny bars overlap.
                let d = (r.x + r.w / 2.0 - px).abs();
                if hit_bar.is_none_or(|(bd, _)| d < bd) {
                    hit_bar = Some((d, i));
                }
            }
        }
        if let Some((_, bar)) = hit_bar {
            return Some(Hit::Bar { lane: l, bar });
        }
        for i in data.bands.overlapping(lo, hi) {
            if g.bar_rect(tl, vp, l, &data.bands.items()[i])
                .contains(px, py, 2.0)
            {
                return Some(Hit::Band { lane: l, band: i });
            }
        }
    }
    Some(Hit::Place {
        lane,
        step: place_step,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_labels_keep_their_distance() {
        let jumps = [(110.0, 1), (150.0, 2), (180.0, 3), (250.0, 4)];
        assert_eq!(
            time_labels(jumps, 100.0, 64.0),
            vec![(110.0, 1), (180.0, 3), (250.0, 4)]
        );
    }

    #[test]
    fn a_jump_at_the_left_edge_replaces_the_pinned_time_before_it() {
        // 300 ms is in force at the edge (its jump is off to the left); 301 ms starts 2 px in.
        let jumps = [(-500.0, 300), (102.0, 301), (300.0, 302)];
        assert_eq!(
            time_labels(jumps, 100.0, 64.0),
            vec![(102.0, 301), (300.0, 302)]
        );
        // With room for both, the pinned one stays at the edge.
        let jumps = [(-500.0, 300), (200.0, 301)];
        assert_eq!(
            time_labels(jumps, 100.0, 64.0),
            vec![(100.0, 300), (200.0, 301)]
        );
        // Two jumps off to the left: the later one is the time at the edge.
        let jumps = [(-500.0, 299), (-20.0, 300), (120.0, 301)];
        assert_eq!(time_labels(jumps, 100.0, 64.0), vec![(120.0, 301)]);
    }
}
