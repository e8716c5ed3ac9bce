//! The timeline painter: draws only what is inside the viewport, merging bars narrower than a
//! pixel, so traces of 100,000 events stay smooth. Geometry comes from the pure model
//! (`asyncviz_timeline::Geometry`), the same functions the hit test uses.

use asyncviz_timeline::{
    fmt_ns, time_labels, AxisMode, BarKind, Curve, Geometry, Hit, LaneKind, MarkKind, Rect,
    Timeline, Viewport,
};
use asyncviz_trace::{PollResult, TerminateOutcome, WakeEffect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement};

/// Colours for the canvas, read from CSS custom properties so themes apply, and the layers
/// painted in them. The timeline keeps its palette from frame to frame (a new one for a new
/// theme), so the painter keeps its layers there too.
#[derive(Debug)]
pub(crate) struct Palette {
    bg: String,
    alt: String,
    grid: String,
    text: String,
    dim: String,
    pending: String,
    ready: String,
    on_bar: String,
    panicked: String,
    blocked: String,
    blocking: String,
    queued: String,
    child: String,
    wake: String,
    timer: String,
    playhead: String,
    select: String,
    veil: String,
    gutter: String,
    /// The card's background, which shows at the canvas's rounded corners.
    surface: String,
    layers: RefCell<Layers>,
}

impl Palette {
    /// Reads `--tl-*` variables as computed for `el`.
    pub(crate) fn read(el: &Element) -> Palette {
        let style = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten());
        let var = |name: &str, fallback: &str| {
            style
                .as_ref()
                .and_then(|s| s.get_property_value(name).ok())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| fallback.to_string())
        };
        Palette {
            bg: var("--tl-bg", "#ffffff"),
            alt: var("--tl-alt", "#f6f7f9"),
            grid: var("--tl-grid", "#d8dce3"),
            text: var("--tl-text", "#1b1f24"),
            dim: var("--tl-dim", "#5b6470"),
            pending: var("--tl-pending", "#0072B2"),
            ready: var("--tl-ready", "#009E73"),
            on_bar: var("--tl-on-bar", "#ffffff"),
            panicked: var("--tl-panicked", "#D55E00"),
            blocked: var("--tl-blocked", "#D55E00"),
            blocking: var("--tl-blocking", "#E69F00"),
            queued: var("--tl-queued", "#9aa3ae"),
            child: var("--tl-child", "#56B4E9"),
            wake: var("--tl-wake", "#CC79A7"),
            timer: var("--tl-timer", "#E69F00"),
            playhead: var("--tl-playhead", "#D55E00"),
            select: var("--tl-select", "#1b1f24"),
            veil: var("--tl-veil", "rgba(255,255,255,0.55)"),
            gutter: var("--tl-gutter", "#eef0f3"),
            surface: var("--surface", "#ffffff"),
            layers: RefCell::default(),
        }
    }
}

/// Everything one frame needs.
pub(crate) struct PaintInput<'a> {
    /// The laid-out trace.
    pub(crate) tl: &'a Timeline,
    /// The visible x range.
    pub(crate) vp: &'a Viewport,
    /// Pixel layout.
    pub(crate) g: &'a Geometry,
    /// The current step (playhead).
    pub(crate) step: usize,
    /// The selected item.
    pub(crate) selection: Option<Hit>,
    /// The item under the pointer.
    pub(crate) hover: Option<Hit>,
    /// Colours.
    pub(crate) palette: &'a Palette,
    /// Device pixel ratio.
    pub(crate) dpr: f64,
}

/// The drawing state a frame has set: fill and stroke colours, font, text alignment and line
/// width. `None` means not set yet in this frame (the canvas keeps whatever the last frame left).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct PenState<'a> {
    fill: Option<&'a str>,
    stroke: Option<&'a str>,
    font: Option<&'a str>,
    align: Option<&'a str>,
    baseline: Option<&'a str>,
    line_width: Option<f64>,
}

/// Records `value` in `slot`; whether it differs from what was there (so it must be set).
fn differs<T: PartialEq + Copy>(slot: &mut Option<T>, value: T) -> bool {
    if *slot == Some(value) {
        return false;
    }
    *slot = Some(value);
    true
}

/// The 2D context plus the state set on it in this frame. Each setter crosses into JavaScript and
/// makes the browser parse its value (a font most of all), and a frame sets the same few values
/// hundreds of times, so a value equal to the one in force is not set again. `save` and `restore`
/// keep the remembered state in step with the canvas's own state stack.
struct Pen<'a> {
    ctx: &'a CanvasRenderingContext2d,
    now: PenState<'a>,
    saved: Vec<PenState<'a>>,
}

impl<'a> Pen<'a> {
    fn new(ctx: &'a CanvasRenderingContext2d) -> Pen<'a> {
        Pen {
            ctx,
            now: PenState::default(),
            saved: Vec::new(),
        }
    }

    fn fill(&mut self, colour: &'a str) {
        if differs(&mut self.now.fill, colour) {
            self.ctx.set_fill_style_str(colour);
        }
    }

    fn stroke(&mut self, colour: &'a str) {
        if differs(&mut self.now.stroke, colour) {
            self.ctx.set_stroke_style_str(colour);
        }
    }

    fn font(&mut self, font: &'a str) {
        if differs(&mut self.now.font, font) {
            self.ctx.set_font(font);
        }
    }

    fn align(&mut self, align: &'a str) {
        if differs(&mut self.now.align, align) {
            self.ctx.set_text_align(align);
        }
    }

    fn baseline(&mut self, baseline: &'a str) {
        if differs(&mut self.now.baseline, baseline) {
            self.ctx.set_text_baseline(baseline);
        }
    }

    fn line_width(&mut self, width: f64) {
        if differs(&mut self.now.line_width, width) {
            self.ctx.set_line_width(width);
        }
    }

    fn save(&mut self) {
        self.ctx.save();
        self.saved.push(self.now);
    }

    fn restore(&mut self) {
        self.ctx.restore();
        // With nothing saved the canvas restores nothing, and neither does the pen.
        if let Some(state) = self.saved.pop() {
            self.now = state;
        }
    }
}

/// Which timeline a layer shows. A timeline never changes, and each program's timeline is
/// painted before the next program's replaces it, so a layer is never mistaken for another
/// program's that took the same address.
#[derive(Clone, Copy, Debug, PartialEq)]
struct TimelineId {
    at: usize,
    lanes: usize,
    arrows: usize,
}

impl TimelineId {
    fn of(tl: &Timeline) -> TimelineId {
        TimelineId {
            at: std::ptr::from_ref(tl) as usize,
            lanes: tl.lanes().len(),
            arrows: tl.arrows().len(),
        }
    }
}

/// What the plot's picture depends on (besides the palette, which holds the layers).
#[derive(Clone, Copy, Debug, PartialEq)]
struct PlotKey {
    tl: TimelineId,
    vp: Viewport,
    g: Geometry,
    dpr: f64,
}

/// What the gutter's picture depends on: not the view.
#[derive(Clone, Copy, Debug, PartialEq)]
struct GutterKey {
    tl: TimelineId,
    g: Geometry,
    dpr: f64,
}

/// An offscreen canvas the size of the timeline's.
#[derive(Debug)]
struct Layer {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
}

impl Layer {
    fn new(g: &Geometry, dpr: f64) -> Option<Layer> {
        let canvas: HtmlCanvasElement = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        canvas.set_width((g.width * dpr).round() as u32);
        canvas.set_height((g.height * dpr).round() as u32);
        let ctx = super::context_2d(&canvas)?;
        Some(Layer { canvas, ctx })
    }

    /// Copies the layer's left `width` device pixels onto `ctx`, pixel for pixel.
    fn blit(&self, ctx: &CanvasRenderingContext2d, width: f64) {
        let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
        let h = f64::from(self.canvas.height());
        let w = width.min(f64::from(self.canvas.width()));
        let _ = ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            &self.canvas,
            0.0,
            0.0,
            w,
            h,
            0.0,
            0.0,
            w,
            h,
        );
    }
}

/// The layers kept between frames.
#[derive(Debug, Default)]
struct Layers {
    /// The plot's key at the last frame, to spot a view that stays put.
    last_plot: Option<PlotKey>,
    /// The plot kept as a layer, with whether it drew wake arrows.
    plot: Option<(PlotKey, Layer, bool)>,
    /// The gutter for a key, as a layer; `None` when a label reaches past the gutter, over the
    /// plot: then it is drawn at each frame, as the last thing.
    gutter: Option<(GutterKey, Option<Layer>)>,
}

/// The most wake arrows drawn in one frame; beyond it they are noise, so none are drawn.
const MAX_ARROWS: usize = 2500;

/// Draws one frame. Returns whether wake arrows were drawn (the hit test only looks for
/// arrows that are visible).
///
/// A frame is three parts: the plot (lanes, bars, marks, arrows and the axis), which depends on
/// the view but not on the step; the moment (hover and selection outlines, the veil over the
/// future, the playhead); and the gutter with the lane labels. When the view stays put while the
/// step moves (scrubbing with the whole run shown, or a zoomed view that does not follow), the
/// plot is drawn once into a layer and copied at each frame; the gutter changes even more
/// rarely and is always kept as a layer. The picture is the same either way.
pub(crate) fn paint_timeline(ctx: &CanvasRenderingContext2d, p: &PaintInput<'_>) -> bool {
    let (g, dpr) = (p.g, p.dpr);
    let tl = TimelineId::of(p.tl);
    let mut layers = p.palette.layers.borrow_mut();
    let layers = &mut *layers;

    let key = PlotKey {
        tl,
        vp: *p.vp,
        g: *g,
        dpr,
    };
    let arrows_drawn = match &layers.plot {
        Some((k, layer, drawn)) if *k == key => {
            layer.blit(ctx, f64::from(layer.canvas.width()));
            *drawn
        }
        // The second frame in a row with this view: keep its plot as a layer.
        _ if layers.last_plot == Some(key) => match Layer::new(g, dpr) {
            Some(layer) => {
                let drawn = plot(&layer.ctx, p);
                layer.blit(ctx, f64::from(layer.canvas.width()));
                layers.plot = Some((key, layer, drawn));
                drawn
            }
            None => plot(ctx, p),
        },
        _ => {
            layers.last_plot = Some(key);
            plot(ctx, p)
        }
    };

    moment(ctx, p);

    let key = GutterKey { tl, g: *g, dpr };
    if layers.gutter.as_ref().is_none_or(|(k, _)| *k != key) {
        // A layer is copied in whole device pixels: a gutter edge inside a pixel is drawn.
        let layer = ((g.gutter * dpr).fract() == 0.0)
            .then(|| Layer::new(g, dpr))
            .flatten()
            .filter(|layer| !gutter(&layer.ctx, p, true));
        layers.gutter = Some((key, layer));
    }
    match &layers.gutter {
        Some((_, Some(layer))) => layer.blit(ctx, g.gutter * dpr),
        _ => {
            gutter(ctx, p, false);
        }
    }
    // The axis line runs on from the gutter under the plot, over the playhead.
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.set_fill_style_str(&p.palette.grid);
    ctx.fill_rect(g.gutter, g.axis_h - 1.0, g.width - g.gutter, 1.0);
    round_corners(ctx, g, &p.palette.surface);
    arrows_drawn
}

/// The radius of the canvas's corners in CSS pixels: the holder's `border-radius`
/// (`--radius-sm`, 8px) less its 1px border.
const CORNER_R: f64 = 7.0;

/// Paints the canvas outside its rounded corners in the card's colour, so it fits its holder's
/// rounded border. The holder does not clip the canvas itself: the canvas is a composited layer,
/// and a rounded clip around it (inside the card's own rounded clip) made the browser's compositor
/// redraw it through an extra pass every frame, about 1 ms of its CPU per scrub move
/// (BENCHMARKS.md, "Where a scrub frame's time goes"). Painting the corners rather than clearing
/// them keeps the canvas opaque (`browser::context_2d_opaque`).
fn round_corners(ctx: &CanvasRenderingContext2d, g: &Geometry, surface: &str) {
    let (w, h, r) = (g.width, g.height, CORNER_R);
    ctx.set_fill_style_str(surface);
    ctx.begin_path();
    for (x, y, dx, dy) in [
        (0.0, 0.0, 1.0, 1.0),
        (w, 0.0, -1.0, 1.0),
        (w, h, -1.0, -1.0),
        (0.0, h, 1.0, -1.0),
    ] {
        // The corner point, along one edge to where the arc starts, round to the other edge.
        ctx.move_to(x, y);
        ctx.line_to(x + dx * r, y);
        let _ = ctx.arc_to(x, y, x, y + dy * r, r);
        ctx.close_path();
    }
    ctx.fill();
}

/// The plot: lanes, bars, marks, wake arrows and the axis. Returns whether arrows were drawn.
fn plot(ctx: &CanvasRenderingContext2d, p: &PaintInput<'_>) -> bool {
    let mut pen = Pen::new(ctx);
    let pen = &mut pen;
    let g = p.g;
    let tl = p.tl;
    let vp = p.vp;
    let pal = p.palette;
    let _ = ctx.set_transform(p.dpr, 0.0, 0.0, p.dpr, 0.0, 0.0);
    pen.fill(&pal.bg);
    ctx.fill_rect(0.0, 0.0, g.width, g.height);

    let lanes = g.visible_lanes(tl.lanes().len());
    let (lo, hi) = tl.seq_window(vp.start(), vp.end(), g.mode);
    let (lo, hi) = (lo.saturating_sub(1), hi.saturating_add(1));

    // Lane stripes.
    for lane in lanes.clone() {
        if lane % 2 == 1 {
            pen.fill(&pal.alt);
            ctx.fill_rect(g.gutter, g.lane_top(lane), g.width - g.gutter, g.lane_h);
        }
    }

    pen.save();
    ctx.begin_path();
    ctx.rect(g.gutter, 0.0, g.width - g.gutter, g.height);
    ctx.clip();

    axis(pen, p);

    for lane in lanes.clone() {
        let data = &tl.lanes()[lane];
        // Queued bands.
        pen.fill(&pal.queued);
        let mut last_px = f64::NEG_INFINITY;
        for i in data.bands.overlapping(lo, hi) {
            let r = g.bar_rect(tl, vp, lane, &data.bands.items()[i]);
            if r.x + r.w < last_px + 0.5 {
                continue;
            }
            ctx.fill_rect(r.x, r.y + 1.0, r.w.max(1.0), r.h - 2.0);
            last_px = r.x + r.w;
        }
        // Bars: polls and blocking runs, batched by colour (one path, one fill per colour).
        // Sub-pixel bars in the same pixel column are drawn once.
        let mut batches: [Vec<Rect>; 4] = Default::default();
        let mut labels: Vec<(String, f64, f64)> = Vec::new();
        let mut hatched: Vec<Rect> = Vec::new();
        let mut last_col = [f64::NEG_INFINITY; 4];
        for i in data.bars.overlapping(lo, hi) {
            let bar = &data.bars.items()[i];
            let r = g.bar_rect(tl, vp, lane, bar);
            let (which, label) = match bar.kind {
                BarKind::Poll {
                    result: Some(PollResult::Ready),
                    ..
                } => (1, "R"),
                BarKind::Poll {
                    result: Some(PollResult::Panicked),
                    ..
                } => (2, "!"),
                BarKind::Poll { .. } | BarKind::Queued { .. } => (0, "P"),
                BarKind::Blocking { .. } => (3, "B"),
            };
            if r.w < 3.0 {
                let col = r.x.floor();
                if col == last_col[which] {
                    continue;
                }
                last_col[which] = col;
            }
            batches[which].push(r);
            if let BarKind::Poll { blocked: true, .. } = bar.kind {
                hatched.push(r);
            }
            if r.w >= 14.0 {
                let text = match (bar.kind, data.kind) {
                    (BarKind::Poll { task, .. }, LaneKind::Worker(_)) if r.w >= 44.0 => {
                        format!("{} {label}", short(tl, task))
                    }
                    (BarKind::Poll { poll, .. }, LaneKind::Task(_)) if r.w >= 52.0 => {
                        format!("{label} · poll {}", poll_no(tl, lane, poll))
                    }
                    _ => label.to_string(),
                };
                labels.push((text, r.x + r.w / 2.0, r.y + r.h / 2.0 + 0.5));
            }
        }
        for (rects, colour) in
            batches
                .iter()
                .zip([&pal.pending, &pal.ready, &pal.panicked, &pal.blocking])
        {
            if rects.is_empty() {
                continue;
            }
            pen.fill(colour);
            ctx.begin_path();
            for r in rects {
                ctx.rect(r.x, r.y, r.w, r.h);
            }
            ctx.fill();
        }
        for r in &hatched {
            hatch(pen, r.x, r.y, r.w, r.h, &pal.blocked);
        }
        if !labels.is_empty() {
            pen.fill(&pal.on_bar);
            pen.font("600 11px system-ui, sans-serif");
            pen.align("center");
            pen.baseline("middle");
            for (text, x, y) in &labels {
                let _ = ctx.fill_text(text, *x, *y);
            }
        }
        // Child polls (join!/select! branches) under their task's bars.
        let mut last_px = f64::NEG_INFINITY;
        for i in data.children.overlapping(lo, hi) {
            let c = &data.children.items()[i];
            let r = g.child_rect(tl, vp, lane, c);
            if r.x + r.w < last_px + 0.5 {
                continue;
            }
            last_px = r.x + r.w;
            let fill = match c.result {
                Some(PollResult::Ready) => &pal.ready,
                _ => &pal.child,
            };
            pen.fill(fill);
            ctx.fill_rect(r.x, r.y, r.w, r.h);
        }
        // Marks.
        let mut last_px = f64::NEG_INFINITY;
        for i in data.marks.overlapping(lo, hi) {
            let m = &data.marks.items()[i];
            let (x, y) = g.mark_pos(tl, vp, lane, m);
            if x - last_px < 3.0 {
                continue;
            }
            last_px = x;
            mark(pen, pal, m.kind, x, y, g);
        }
    }

    // Wake arrows, batched by style. When they would be denser than one per few pixels they are
    // noise, so none are drawn (and none can be clicked); zooming in brings them back.
    let candidates: Vec<usize> = tl
        .arrows()
        .overlapping(lo, hi)
        .take(MAX_ARROWS + 1)
        .collect();
    let arrows_drawn =
        candidates.len() <= MAX_ARROWS && (candidates.len() as f64) <= g.plot_w() / 4.0;
    if arrows_drawn {
        let curves: Vec<(Curve, WakeEffect)> = candidates
            .iter()
            .map(|&i| {
                let a = &tl.arrows().items()[i];
                (g.arrow_curve(tl, vp, a), a.effect)
            })
            .collect();
        arrows(pen, pal, &curves, 1.5);
    }
    pen.restore();
    arrows_drawn
}

/// The moment: hover and selection outlines, the veil over what has not happened yet, and the
/// playhead.
fn moment(ctx: &CanvasRenderingContext2d, p: &PaintInput<'_>) {
    let mut pen = Pen::new(ctx);
    let pen = &mut pen;
    let (g, tl, vp, pal) = (p.g, p.tl, p.vp, p.palette);
    let _ = ctx.set_transform(p.dpr, 0.0, 0.0, p.dpr, 0.0, 0.0);
    pen.save();
    ctx.begin_path();
    ctx.rect(g.gutter, 0.0, g.width - g.gutter, g.height);
    ctx.clip();

    // Selection and hover outlines.
    for (hit, width) in [(p.hover, 1.0), (p.selection, 2.0)] {
        let Some(hit) = hit else { continue };
        pen.stroke(&pal.select);
        pen.line_width(width);
        match hit {
            Hit::Bar { lane, bar } => {
                if let Some(b) = tl.lanes().get(lane).and_then(|l| l.bars.get(bar)) {
                    let r = g.bar_rect(tl, vp, lane, b);
                    ctx.stroke_rect(r.x - 1.5, r.y - 1.5, r.w + 3.0, r.h + 3.0);
                }
            }
            Hit::Band { lane, band } => {
                if let Some(b) = tl.lanes().get(lane).and_then(|l| l.bands.get(band)) {
                    let r = g.bar_rect(tl, vp, lane, b);
                    ctx.stroke_rect(r.x - 1.5, r.y - 1.5, r.w + 3.0, r.h + 3.0);
                }
            }
            Hit::Child { lane, child } => {
                if let Some(c) = tl.lanes().get(lane).and_then(|l| l.children.get(child)) {
                    let r = g.child_rect(tl, vp, lane, c);
                    ctx.stroke_rect(r.x - 1.5, r.y - 1.5, r.w + 3.0, r.h + 3.0);
                }
            }
            Hit::Mark { lane, mark } => {
                if let Some(m) = tl.lanes().get(lane).and_then(|l| l.marks.get(mark)) {
                    let (x, y) = g.mark_pos(tl, vp, lane, m);
                    ctx.begin_path();
                    let _ = ctx.arc(x, y, 8.0, 0.0, std::f64::consts::TAU);
                    ctx.stroke();
                }
            }
            Hit::Arrow { arrow: i } => {
                if let Some(a) = tl.arrows().get(i) {
                    arrows(
                        pen,
                        pal,
                        &[(g.arrow_curve(tl, vp, a), a.effect)],
                        1.5 + width * 1.5,
                    );
                }
            }
            Hit::Place { .. } => {}
        }
    }

    // The future is veiled: it has not happened yet at this step.
    let x_play = g.px(vp, tl.x_step(p.step, g.mode));
    if x_play < g.width {
        pen.fill(&pal.veil);
        let from = x_play.max(g.gutter);
        ctx.fill_rect(from, g.axis_h, g.width - from, g.height - g.axis_h);
    }
    pen.restore();

    // Playhead.
    if x_play >= g.gutter - 1.0 && x_play <= g.width + 1.0 {
        pen.fill(&pal.playhead);
        ctx.fill_rect(x_play - 1.0, 0.0, 2.0, g.height);
        ctx.begin_path();
        ctx.move_to(x_play - 6.0, 0.0);
        ctx.line_to(x_play + 6.0, 0.0);
        ctx.line_to(x_play, 8.0);
        ctx.close_path();
        ctx.fill();
    }
}

/// The gutter with the lane labels, drawn over the left edge of the plot so nothing scrolls under
/// it. With `measure`, returns whether a label reaches past the gutter (else `false`).
fn gutter(ctx: &CanvasRenderingContext2d, p: &PaintInput<'_>, measure: bool) -> bool {
    let mut pen = Pen::new(ctx);
    let pen = &mut pen;
    let (g, tl, pal) = (p.g, p.tl, p.palette);
    let lanes = g.visible_lanes(tl.lanes().len());
    let mut reaches = false;
    let mut text = |text: &str, y: f64| {
        let _ = ctx.fill_text(text, 10.0, y);
        // Anti-aliasing may touch a pixel or two past the advance.
        reaches |= measure
            && ctx
                .measure_text(text)
                .is_ok_and(|m| 10.0 + m.width() > g.gutter - 3.0);
    };
    let _ = ctx.set_transform(p.dpr, 0.0, 0.0, p.dpr, 0.0, 0.0);
    pen.fill(&pal.gutter);
    ctx.fill_rect(0.0, 0.0, g.gutter, g.height);
    pen.fill(&pal.grid);
    ctx.fill_rect(g.gutter - 1.0, 0.0, 1.0, g.height);
    ctx.fill_rect(0.0, g.axis_h - 1.0, g.gutter, 1.0);
    pen.align("left");
    pen.baseline("alphabetic");
    pen.fill(&pal.dim);
    pen.font("11px system-ui, sans-serif");
    text("virtual time", 14.0);
    if g.mode == AxisMode::Step {
        text("event #", g.axis_h - 5.0);
    }
    let max_chars = ((g.gutter - 18.0) / 6.6).max(4.0) as usize;
    // Fonts are set once per pass: setting a font is costly (the browser parses it).
    pen.fill(&pal.text);
    pen.font("600 12px system-ui, sans-serif");
    for lane in lanes.clone() {
        text(
            &clip(&tl.lanes()[lane].label, max_chars),
            g.lane_top(lane) + 14.0,
        );
    }
    pen.fill(&pal.dim);
    pen.font("10.5px system-ui, sans-serif");
    for lane in lanes {
        text(
            &clip(&tl.lanes()[lane].detail, max_chars + 2),
            g.lane_top(lane) + 26.0,
        );
    }
    reaches
}

fn short(tl: &Timeline, task: asyncviz_trace::TaskId) -> String {
    tl.task_lane(task).map_or_else(
        || format!("t{}", task.0),
        |l| {
            let label = &tl.lanes()[l].label;
            label
                .strip_prefix("task ")
                .map_or(label.clone(), |n| format!("t{n}"))
        },
    )
}

fn poll_no(tl: &Timeline, lane: usize, poll: u32) -> usize {
    // Bars on a task lane are that task's polls in order, so the position is the poll number.
    let bars = tl.lanes()[lane].bars.items();
    bars.iter()
        .position(|b| matches!(b.kind, BarKind::Poll { poll: q, .. } if q == poll))
        .map_or(0, |i| i + 1)
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        s.chars().take(max.saturating_sub(1)).chain(['…']).collect()
    }
}

fn hatch<'a>(pen: &mut Pen<'a>, x: f64, y: f64, w: f64, h: f64, colour: &'a str) {
    let ctx = pen.ctx;
    pen.save();
    ctx.begin_path();
    ctx.rect(x, y, w, h);
    ctx.clip();
    pen.stroke(colour);
    pen.line_width(2.0);
    ctx.begin_path();
    let mut sx = x - h;
    while sx < x + w {
        ctx.move_to(sx, y + h);
        ctx.line_to(sx + h, y);
        sx += 6.0;
    }
    ctx.stroke();
    pen.restore();
}

fn axis<'a>(pen: &mut Pen<'a>, p: &PaintInput<'a>) {
    let ctx = pen.ctx;
    let (g, tl, vp, pal) = (p.g, p.tl, p.vp, p.palette);
    pen.font("11px system-ui, sans-serif");
    pen.baseline("alphabetic");
    pen.align("left");
    let lanes_bottom = g.height;
    match g.mode {
        AxisMode::Step => {
            // Time labels where virtual time jumps.
            let (lo, hi) = tl.seq_window(vp.start(), vp.end(), g.mode);
            let jumps = tl.time_jumps();
            let start = jumps.partition_point(|&(s, _)| s < lo).saturating_sub(1);
            let end = jumps.partition_point(|&(s, _)| s <= hi);
            let mut last_line = f64::NEG_INFINITY;
            pen.fill(&pal.grid);
            // A grid line at each jump (at most one per 3 px), and labels that keep apart.
            let labels = time_labels(
                jumps[start..end].iter().map(|&(seq, t)| {
                    let x = g.px(vp, tl.x_left(seq, g.mode));
                    if x - last_line >= 3.0 {
                        ctx.fill_rect(x.round(), 4.0, 1.0, lanes_bottom);
                        last_line = x;
                    }
                    (x, t)
                }),
                g.gutter,
                64.0,
            );
            pen.fill(&pal.text);
            pen.font("600 11px system-ui, sans-serif");
            for (x, t) in labels {
                let _ = ctx.fill_text(&fmt_ns(t), x + 4.0, 14.0);
            }
            // Step numbers underneath.
            let per_px = vp.span() / g.plot_w();
            let every = nice(per_px * 90.0).max(1.0);
            let first = (vp.start() / every).ceil() * every;
            pen.font("10px system-ui, sans-serif");
            pen.fill(&pal.dim);
            let mut s = first;
            while s <= vp.end() {
                let x = g.px(vp, s);
                ctx.fill_rect(x.round(), g.axis_h - 6.0, 1.0, 5.0);
                let _ = ctx.fill_text(&format!("#{}", s as u64), x + 3.0, g.axis_h - 5.0);
                s += every;
            }
        }
        AxisMode::Time => {
            let per_px = vp.span() / g.plot_w();
            let every = nice(per_px * 100.0).max(1.0);
            let first = (vp.start() / every).ceil() * every;
            let mut t = first;
            while t <= vp.end() {
                let x = g.px(vp, t);
                pen.fill(&pal.grid);
                ctx.fill_rect(x.round(), 4.0, 1.0, lanes_bottom);
                pen.fill(&pal.text);
                let _ = ctx.fill_text(&fmt_ns(t as u64), x + 4.0, 14.0);
                t += every;
            }
        }
    }
}

/// The 1-2-5 number at or above `x`.
fn nice(x: f64) -> f64 {
    if !(x.is_finite() && x > 0.0) {
        return 1.0;
    }
    let exp = x.log10().floor();
    let base = 10f64.powf(exp);
    let m = x / base;
    let n = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    n * base
}

fn mark<'a>(pen: &mut Pen<'a>, pal: &'a Palette, kind: MarkKind, x: f64, y: f64, g: &Geometry) {
    let ctx = pen.ctx;
    let r = 4.5;
    pen.line_width(1.5);
    match kind {
        MarkKind::Spawn => {
            pen.stroke(&pal.text);
            pen.fill(&pal.bg);
            ctx.begin_path();
            let _ = ctx.arc(x, y, r - 0.5, 0.0, std::f64::consts::TAU);
            ctx.fill();
            ctx.stroke();
        }
        MarkKind::TimerRegister { .. } | MarkKind::TimerFire { .. } => {
            ctx.begin_path();
            ctx.move_to(x, y - r - 1.0);
            ctx.line_to(x + r + 1.0, y);
            ctx.line_to(x, y + r + 1.0);
            ctx.line_to(x - r - 1.0, y);
            ctx.close_path();
            if matches!(kind, MarkKind::TimerFire { .. }) {
                pen.fill(&pal.timer);
                ctx.fill();
                pen.stroke(&pal.text);
                ctx.stroke();
            } else {
                pen.fill(&pal.bg);
                ctx.fill();
                pen.stroke(&pal.timer);
                pen.line_width(2.0);
                ctx.stroke();
            }
        }
        MarkKind::TimeAdvance { .. } => {
            pen.stroke(&pal.dim);
            ctx.begin_path();
            ctx.move_to(x - 4.0, y - 4.0);
            ctx.line_to(x, y);
            ctx.line_to(x - 4.0, y + 4.0);
            ctx.move_to(x + 1.0, y - 4.0);
            ctx.line_to(x + 5.0, y);
            ctx.line_to(x + 1.0, y + 4.0);
            ctx.stroke();
        }
        MarkKind::Terminate(TerminateOutcome::Ready) => {
            pen.fill(&pal.text);
            ctx.fill_rect(x - 3.5, y - 3.5, 7.0, 7.0);
        }
        MarkKind::Terminate(_) | MarkKind::Abort => {
            pen.stroke(&pal.panicked);
            pen.line_width(2.0);
            ctx.begin_path();
            ctx.move_to(x - 4.0, y - 4.0);
            ctx.line_to(x + 4.0, y + 4.0);
            ctx.move_to(x + 4.0, y - 4.0);
            ctx.line_to(x - 4.0, y + 4.0);
            ctx.stroke();
        }
        MarkKind::Output => {
            // A small tick on the lane's top edge: "printed here".
            let top = y - (g.lane_h - 12.0).max(6.0) / 2.0 - 4.0;
            pen.fill(&pal.dim);
            ctx.begin_path();
            ctx.move_to(x - 3.5, top);
            ctx.line_to(x + 3.5, top);
            ctx.line_to(x, top + 4.0);
            ctx.close_path();
            ctx.fill();
        }
        MarkKind::Park => {
            // A small "z": the worker sleeps.
            pen.stroke(&pal.dim);
            ctx.begin_path();
            ctx.move_to(x - 3.0, y - 3.0);
            ctx.line_to(x + 3.0, y - 3.0);
            ctx.line_to(x - 3.0, y + 3.0);
            ctx.line_to(x + 3.0, y + 3.0);
            ctx.stroke();
        }
        MarkKind::Block => {
            pen.fill(&pal.blocked);
            ctx.begin_path();
            ctx.move_to(x, y - 6.0);
            ctx.line_to(x + 6.0, y + 5.0);
            ctx.line_to(x - 6.0, y + 5.0);
            ctx.close_path();
            ctx.fill();
            // An exclamation mark inside the warning triangle.
            pen.fill(&pal.on_bar);
            ctx.fill_rect(x - 0.75, y - 2.5, 1.5, 4.0);
            ctx.fill_rect(x - 0.75, y + 2.5, 1.5, 1.5);
        }
    }
}

/// Draws wake arrows: one stroke per line style, then every start dot and arrowhead in one fill.
fn arrows<'a>(pen: &mut Pen<'a>, pal: &'a Palette, curves: &[(Curve, WakeEffect)], width: f64) {
    let ctx = pen.ctx;
    pen.stroke(&pal.wake);
    pen.fill(&pal.wake);
    pen.line_width(width);
    let styles: [(&[WakeEffect], Option<[f64; 2]>); 3] = [
        (&[WakeEffect::Scheduled, WakeEffect::Ignored], None),
        (&[WakeEffect::Coalesced], Some([5.0, 3.0])),
        (&[WakeEffect::Notified], Some([2.0, 2.0])),
    ];
    for (effects, dash) in styles {
        if !curves.iter().any(|(_, e)| effects.contains(e)) {
            continue;
        }
        if let Some([a, b]) = dash {
            let arr = js_sys::Array::of2(&JsValue::from_f64(a), &JsValue::from_f64(b));
            let _ = ctx.set_line_dash(arr.unchecked_ref());
        }
        ctx.begin_path();
        for (c, _) in curves.iter().filter(|(_, e)| effects.contains(e)) {
            ctx.move_to(c.from.0, c.from.1);
            ctx.bezier_curve_to(c.c1.0, c.c1.1, c.c2.0, c.c2.1, c.to.0, c.to.1);
        }
        ctx.stroke();
        if dash.is_some() {
            let _ = ctx.set_line_dash(js_sys::Array::new().unchecked_ref());
        }
    }
    // Start dots and arrowheads along each curve's final tangent.
    ctx.begin_path();
    for (c, effect) in curves {
        ctx.move_to(c.from.0 + 2.5, c.from.1);
        let _ = ctx.arc(c.from.0, c.from.1, 2.5, 0.0, std::f64::consts::TAU);
        if *effect == WakeEffect::Ignored {
            continue;
        }
        let (px, py) = c.at(0.92);
        let (dx, dy) = (c.to.0 - px, c.to.1 - py);
        let len = (dx * dx + dy * dy).sqrt().max(0.001);
        let (ux, uy) = (dx / len, dy / len);
        let size = 7.0;
        ctx.move_to(c.to.0, c.to.1);
        ctx.line_to(
            c.to.0 - ux * size - uy * size * 0.5,
            c.to.1 - uy * size + ux * size * 0.5,
        );
        ctx.line_to(
            c.to.0 - ux * size + uy * size * 0.5,
            c.to.1 - uy * size - ux * size * 0.5,
        );
        ctx.close_path();
    }
    ctx.fill();
    // An ignored wake ends in a cross: the task had already finished.
    let ignored: Vec<&Curve> = curves
        .iter()
        .filter(|(_, e)| *e == WakeEffect::Ignored)
        .map(|(c, _)| c)
        .collect();
    if !ignored.is_empty() {
        pen.line_width(2.0);
        ctx.begin_path();
        for c in ignored {
            ctx.move_to(c.to.0 - 3.0, c.to.1 - 3.0);
            ctx.line_to(c.to.0 + 3.0, c.to.1 + 3.0);
            ctx.move_to(c.to.0 + 3.0, c.to.1 - 3.0);
            ctx.line_to(c.to.0 - 3.0, c.to.1 + 3.0);
        }
        ctx.stroke();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_set_only_when_it_changes() {
        let mut slot = None;
        assert!(differs(&mut slot, "600 11px system-ui"), "first set");
        assert!(!differs(&mut slot, "600 11px system-ui"), "same again");
        assert!(differs(&mut slot, "10px system-ui"), "a new font");
        assert!(
            differs(&mut slot, "600 11px system-ui"),
            "back to the first"
        );
        assert_eq!(slot, Some("600 11px system-ui"));
    }
}
