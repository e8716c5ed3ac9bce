//! The timeline: one lane per task plus the worker, the timer driver and the blocking pool,
//! drawn on a canvas (only what is visible). Drag to pan, Ctrl+wheel to zoom, click a bar, an
//! arrow or a mark to select it and jump there.

use super::rich::rich;
use crate::browser::{self, paint_timeline, PaintInput, Palette};
use crate::shared::Shared;
use crate::source::Loaded;
use crate::state::Action;
use asyncviz_timeline::{describe_hit, hit_test, AxisMode, Geometry, Hit, Viewport};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, PointerEvent, WheelEvent};
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct TimelineProps {
    /// The program.
    pub(crate) loaded: Shared<Loaded>,
    /// The step.
    pub(crate) step: usize,
    /// The axis mode.
    pub(crate) mode: AxisMode,
    /// The visible range.
    pub(crate) viewport: Viewport,
    /// The selected item.
    pub(crate) selection: Option<Hit>,
    /// Whether the view follows the playhead.
    pub(crate) follow: bool,
    /// The theme's name (the palette is re-read when it changes).
    pub(crate) theme: &'static str,
    /// Polls begun by this step.
    pub(crate) polls_begun: usize,
    /// Dispatch.
    pub(crate) on_action: Callback<Action>,
}

const LANE_H: f64 = 34.0;
const AXIS_H: f64 = 36.0;
const MAX_LANES_SHOWN: usize = 10;

/// The legend's items, as HTML: static, so it goes into the page in one piece.
const LEGEND: &str = concat!(
    r#"<li><span class="sw sw-pending">P</span>poll → Pending</li>"#,
    r#"<li><span class="sw sw-ready">R</span>poll → Ready</li>"#,
    r#"<li><span class="sw sw-queued"></span>waiting in queue</li>"#,
    r#"<li><span class="sw sw-child"></span>join!/select! branch</li>"#,
    r#"<li><span class="sw sw-wake">→</span>wake</li>"#,
    r#"<li><span class="sw sw-coalesced">⇢</span>coalesced wake</li>"#,
    r#"<li><span class="sw sw-timer-set">◇</span>timer set</li>"#,
    r#"<li><span class="sw sw-timer-fire">◆</span>timer fired</li>"#,
    r#"<li><span class="sw sw-blocked">!</span>blocking call</li>"#,
    r#"<li><span class="sw sw-spawn">○</span>spawned</li>"#,
    r#"<li><span class="sw sw-done">■</span>finished</li>"#,
    r#"<li><span class="sw sw-dropped">×</span>dropped / cancelled</li>"#,
);

fn geometry(width: f64, lanes: usize, first_lane: usize, mode: AxisMode) -> Geometry {
    let shown = lanes.clamp(1, MAX_LANES_SHOWN);
    Geometry {
        width: width.max(200.0),
        height: AXIS_H + shown as f64 * LANE_H + 2.0,
        gutter: if width < 520.0 { 78.0 } else { 112.0 },
        axis_h: AXIS_H,
        lane_h: LANE_H,
        first_lane,
        mode,
    }
}

struct Drag {
    start_px: f64,
    start_view: Viewport,
    moved: bool,
}

/// Everything the canvas shows depends on.
#[derive(Clone, PartialEq)]
struct Picture {
    loaded: Shared<Loaded>,
    step: usize,
    viewport: Viewport,
    selection: Option<Hit>,
    hover: Option<Hit>,
    g: Geometry,
    theme: &'static str,
}

/// The canvas's drawing state, kept across renders.
struct Painter {
    /// The palette, read again when the theme changes.
    palette: Option<(&'static str, Palette)>,
    /// What the canvas shows now (`None` until the first paint), so a picture is never drawn
    /// twice in a row.
    shown: Option<Picture>,
    /// Whether the last picture had its wake arrows drawn (too dense ones are not).
    arrows_drawn: bool,
    /// The canvas drawn on and its 2D context, made once rather than asked for at every frame.
    context: Option<(HtmlCanvasElement, CanvasRenderingContext2d)>,
}

impl Default for Painter {
    fn default() -> Painter {
        Painter {
            palette: None,
            shown: None,
            arrows_drawn: true,
            context: None,
        }
    }
}

impl Painter {
    /// Draws `picture` on `el` unless it shows it already. Returns whether anything was drawn.
    fn paint(&mut self, el: &HtmlCanvasElement, picture: &Picture) -> bool {
        if self.shown.as_ref() == Some(picture) {
            return false;
        }
        let g = &picture.g;
        let dpr = browser::device_pixel_ratio();
        let (pw, ph) = (
            (g.width * dpr).round() as u32,
            (g.height * dpr).round() as u32,
        );
        if el.width() != pw || el.height() != ph {
            el.set_width(pw);
            el.set_height(ph);
        }
        if self
            .palette
            .as_ref()
            .is_none_or(|(t, _)| *t != picture.theme)
        {
            self.palette = Some((picture.theme, Palette::read(el)));
        }
        let Some((_, palette)) = self.palette.as_ref() else {
            return false;
        };
        if self.context.as_ref().is_none_or(|(canvas, _)| canvas != el) {
            self.context = browser::context_2d_opaque(el).map(|ctx| (el.clone(), ctx));
        }
        let Some((_, ctx)) = self.context.as_ref() else {
            return false;
        };
        let started = browser::now_ms();
        self.arrows_drawn = paint_timeline(
            ctx,
            &PaintInput {
                tl: &picture.loaded.timeline,
                vp: &picture.viewport,
                g,
                step: picture.step,
                selection: picture.selection,
                hover: picture.hover,
                palette,
                dpr,
            },
        );
        browser::expose_number("__asyncvizPaintMs", browser::now_ms() - started);
        if self.shown.is_none() {
            browser::mark("asyncviz-first-paint");
            browser::expose_number("__asyncvizFirstPaint", browser::now_ms());
            // The next frame starts once the browser has laid out, painted and handed over the
            // frame with the picture: when a reader can first see it.
            browser::next_frame(|| browser::mark("asyncviz-first-frame"));
        }
        self.shown = Some(picture.clone());
        true
    }
}

/// The canvas's CSS size. Its width follows the holder's (the stylesheet keeps it at least as wide
/// as the narrowest picture), so measuring the holder and then sizing the bitmap never changes the
/// page's layout: the first frame is laid out once, not twice.
fn css_size(g: &Geometry) -> String {
    format!("height: {}px", g.height)
}

/// The timeline card.
#[component]
pub(crate) fn TimelineView(props: &TimelineProps) -> Html {
    let canvas = use_node_ref();
    let holder = use_node_ref();
    // The holder's width in CSS pixels; 0 until measured.
    let width = use_state(|| 0.0f64);
    let first_lane = use_state(|| 0usize);
    let hover = use_state(|| None::<Hit>);
    let drag = use_mut_ref(|| None::<Drag>);
    let painter = use_mut_ref(Painter::default);
    // Mirrors `Painter::arrows_drawn` for the hint under the canvas; set only when it changes.
    let arrows_hidden = use_state(|| false);

    let tl = &props.loaded.timeline;
    let lanes = tl.lanes().len();
    // A new program starts at the top lane.
    {
        let first_lane = first_lane.clone();
        use_effect_with(props.loaded.clone(), move |_| {
            if *first_lane != 0 {
                first_lane.set(0);
            }
        });
    }
    let g = geometry(
        *width,
        lanes,
        (*first_lane).min(lanes.saturating_sub(1)),
        props.mode,
    );
    let picture = Picture {
        loaded: props.loaded.clone(),
        step: props.step,
        viewport: props.viewport,
        selection: props.selection,
        hover: *hover,
        g,
        theme: props.theme,
    };
    let after_paint = {
        let painter = painter.clone();
        let arrows_hidden = arrows_hidden.clone();
        move || {
            let drawn = painter.borrow().arrows_drawn;
            if *arrows_hidden == drawn {
                arrows_hidden.set(!drawn);
            }
        }
    };

    // The first paint happens at the first animation frame after the canvas exists. Yew runs
    // effects in a later task, after the browser has already laid out and shown the page
    // without the picture, so waiting for them would cost a frame and a second layout. At the
    // frame, layout is due anyway, so measuring the holder there costs no extra pass.
    let latest = use_mut_ref(|| None::<Picture>);
    *latest.borrow_mut() = Some(picture.clone());
    let first_frame_asked = use_mut_ref(|| false);
    if !first_frame_asked.replace(true) {
        let (canvas, holder, painter, width) = (
            canvas.clone(),
            holder.clone(),
            painter.clone(),
            width.clone(),
        );
        let after_paint = after_paint.clone();
        browser::next_frame(move || {
            if painter.borrow().shown.is_some() {
                return; // The effects ran first and painted.
            }
            let (Some(el), Some(holder), Some(mut picture)) = (
                canvas.cast::<HtmlCanvasElement>(),
                holder.cast::<web_sys::Element>(),
                latest.borrow().clone(),
            ) else {
                return;
            };
            let w = browser::client_width(&holder);
            if w <= 0.0 {
                return; // Not laid out (hidden): the resize listener measures later.
            }
            let g = picture.g;
            picture.g = geometry(
                w,
                picture.loaded.timeline.lanes().len(),
                g.first_lane,
                g.mode,
            );
            let _ = el.set_attribute("style", &css_size(&picture.g));
            if painter.borrow_mut().paint(&el, &picture) {
                after_paint();
            }
            // The next render lays the card out for this width and finds the picture drawn.
            width.set(w);
        });
    }

    // Measure the width now and whenever the window resizes.
    {
        let holder = holder.clone();
        let width = width.clone();
        use_effect_with((), move |_| {
            let measure = {
                let holder = holder.clone();
                let width = width.clone();
                move || {
                    if let Some(el) = holder.cast::<web_sys::Element>() {
                        let w = browser::client_width(&el);
                        if (w - *width).abs() > 0.5 {
                            width.set(w);
                        }
                    }
                }
            };
            measure();
            let listener = browser::on_window("resize", move |_| measure());
            move || drop(listener)
        });
    }

    // Paint after every change that affects the picture, once the width is known.
    {
        let canvas = canvas.clone();
        let painter = painter.clone();
        // `measured` is a dependency too: a holder narrower than the canvas's minimum width
        // gives the same picture measured or not.
        let measured = *width > 0.0;
        use_effect_with((picture, measured), move |(picture, measured)| {
            if !measured {
                return;
            }
            let Some(el) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            if painter.borrow_mut().paint(&el, picture) {
                after_paint();
            }
        });
    }

    let local = |e: &MouseEvent| (e.offset_x() as f64, e.offset_y() as f64);

    let onpointerdown = {
        let drag = drag.clone();
        let view = props.viewport;
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            browser::capture_pointer(&e);
            *drag.borrow_mut() = Some(Drag {
                start_px: e.client_x() as f64,
                start_view: view,
                moved: false,
            });
        })
    };
    let view = props.viewport;
    let onpointermove = {
        let drag = drag.clone();
        let hover = hover.clone();
        let loaded = props.loaded.clone();
        let on_action = props.on_action.clone();
        let painter = painter.clone();
        Callback::from(move |e: PointerEvent| {
            let mut d = drag.borrow_mut();
            if let Some(d) = d.as_mut() {
                let dx = e.client_x() as f64 - d.start_px;
                if dx.abs() > 3.0 {
                    d.moved = true;
                }
                if d.moved {
                    let mut v = d.start_view;
                    v.pan_by(-dx / g.plot_w() * v.span());
                    on_action.emit(Action::View(v));
                }
                return;
            }
            let (x, y) = local(&e);
            let hit = hit_test(
                &loaded.timeline,
                &view,
                &g,
                x,
                y,
                painter.borrow().arrows_drawn,
            );
            let hit = hit.filter(|h| !matches!(h, Hit::Place { .. }));
            if *hover != hit {
                hover.set(hit);
            }
        })
    };

    let onpointerup = {
        let drag = drag.clone();
        let loaded = props.loaded.clone();
        let on_action = props.on_action.clone();
        let painter = painter.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(d) = drag.borrow_mut().take() else {
                return;
            };
            if d.moved {
                return;
            }
            let (x, y) = local(&e);
            match hit_test(
                &loaded.timeline,
                &view,
                &g,
                x,
                y,
                painter.borrow().arrows_drawn,
            ) {
                Some(Hit::Place { step, .. }) => on_action.emit(Action::Seek(step)),
                Some(hit) => on_action.emit(Action::Select(hit)),
                None => {}
            }
        })
    };
    let onpointerleave = {
        let hover = hover.clone();
        Callback::from(move |_: PointerEvent| hover.set(None))
    };
    let onpointercancel = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| *drag.borrow_mut() = None)
    };
    let onwheel = {
        let on_action = props.on_action.clone();
        let first_lane = first_lane.clone();
        Callback::from(move |e: WheelEvent| {
            let (dx, dy) = (e.delta_x(), e.delta_y());
            if e.ctrl_key() || e.meta_key() {
                e.prevent_default();
                let anchor = (e.offset_x() as f64 - g.gutter) / g.plot_w();
                let mut v = view;
                v.zoom((-dy * 0.0025).exp(), anchor);
                on_action.emit(Action::View(v));
            } else if e.shift_key() || dx.abs() > dy.abs() {
                e.prevent_default();
                let px = if dx.abs() > dy.abs() { dx } else { dy };
                let mut v = view;
                v.pan_by(px / g.plot_w() * v.span());
                on_action.emit(Action::View(v));
            } else if lanes > MAX_LANES_SHOWN {
                let max_first = lanes - MAX_LANES_SHOWN;
                let cur = *first_lane;
                let next = if dy > 0.0 {
                    (cur + 1).min(max_first)
                } else {
                    cur.saturating_sub(1)
                };
                if next != cur {
                    e.prevent_default();
                    first_lane.set(next);
                }
            }
        })
    };

    let act = |a: Action| props.on_action.reform(move |_: MouseEvent| a.clone());
    let polls_total = props.loaded.index.polls().len();
    let shown = props.selection.or(*hover);
    let detail = shown.map(|h| describe_hit(tl, &props.loaded.index, h));
    let summary = format!(
        "Timeline of {lanes} lanes. {} of {} polls have begun by step {}; {} wakes in the whole run. Virtual time now {}.",
        props.polls_begun,
        polls_total,
        props.step,
        tl.arrows().len(),
        asyncviz_timeline::fmt_ns(tl.time_at_step(props.step)),
    );
    let zoom = props.viewport.magnification();
    let lane_scroll = (lanes > MAX_LANES_SHOWN).then(|| {
        let max_first = lanes - MAX_LANES_SHOWN;
        let up = {
            let first_lane = first_lane.clone();
            Callback::from(move |_: MouseEvent| first_lane.set(first_lane.saturating_sub(2)))
        };
        let down = {
            let first_lane = first_lane.clone();
            Callback::from(move |_: MouseEvent| first_lane.set((*first_lane + 2).min(max_first)))
        };
        html! {
            <span class="lane-scroll">
                <button class="chip" onclick={up} disabled={g.first_lane == 0} aria-label="Show lanes above">{"▲"}</button>
                <span class="lane-scroll-text">{format!("lanes {}–{} of {lanes}", g.first_lane + 1, (g.first_lane + MAX_LANES_SHOWN).min(lanes))}</span>
                <button class="chip" onclick={down} disabled={g.first_lane >= max_first} aria-label="Show lanes below">{"▼"}</button>
            </span>
        }
    });

    html! {
        <section
            class="card timeline-card"
            aria-labelledby="timeline-h"
            data-testid="timeline"
            data-poll-count={props.polls_begun.to_string()}
            data-poll-total={polls_total.to_string()}
            data-lanes={lanes.to_string()}
            data-mode={if props.mode == AxisMode::Step { "step" } else { "time" }}
            data-zoom={format!("{zoom:.2}")}
            data-arrows={tl.arrows().len().to_string()}
        >
            <div class="card-head">
                <h2 id="timeline-h" class="card-title">{"Timeline"}</h2>
                <div class="segmented" role="group" aria-label="Horizontal axis">
                    <button class="seg" aria-pressed={(props.mode == AxisMode::Step).to_string()} onclick={act(Action::Mode(AxisMode::Step))} title="One column per event (s)" data-testid="mode-step">{"By step"}</button>
                    <button class="seg" aria-pressed={(props.mode == AxisMode::Time).to_string()} onclick={act(Action::Mode(AxisMode::Time))} title="Virtual time (t)" data-testid="mode-time">{"By time"}</button>
                </div>
                <div class="zoom" role="group" aria-label="Zoom">
                    <button class="chip" onclick={act(Action::Zoom(1.0 / 1.6))} aria-label="Zoom out" title="Zoom out (−)" data-testid="zoom-out">{"−"}</button>
                    <button class="chip" onclick={act(Action::Zoom(1.6))} aria-label="Zoom in" title="Zoom in (+)" data-testid="zoom-in">{"+"}</button>
                    <button class="chip" onclick={act(Action::Fit)} aria-label="Show the whole run" title="Show the whole run (0)" data-testid="zoom-fit">{"Fit"}</button>
                    <button class="chip" aria-pressed={props.follow.to_string()} onclick={act(Action::Follow(!props.follow))} title="Keep the playhead in view" data-testid="follow">{"Follow"}</button>
                </div>
            </div>
            <div class="canvas-holder" ref={holder}>
                <canvas
                    ref={canvas}
                    class="timeline-canvas"
                    style={css_size(&g)}
                    role="img"
                    aria-label={summary}
                    {onpointerdown}
                    {onpointermove}
                    {onpointerup}
                    {onpointerleave}
                    {onpointercancel}
                    {onwheel}
                    data-hover={hover.is_some().to_string()}
                />
            </div>
            <div class="timeline-foot">
                <p class="hit-detail" data-testid="hit-detail">
                    { match detail {
                        Some(d) => rich(&d),
                        None if *arrows_hidden => html! { <span class="hint">{"Wake arrows are too dense to draw at this zoom: zoom in (+) to see them"}</span> },
                        None => html! { <span class="hint">{"Click a bar, an arrow or a mark to jump there · drag to pan · Ctrl + wheel to zoom"}</span> },
                    } }
                </p>
                { lane_scroll.unwrap_or_default() }
            </div>
            <ul class="legend" aria-label="Legend">{ Html::from_html_unchecked(AttrValue::Static(LEGEND)) }</ul>
        </section>
    }
}
