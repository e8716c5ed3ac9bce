//! The program's source with line numbers and highlighting, the line being executed, and the
//! await points where tasks are parked.

use crate::browser;
use crate::shared::Shared;
use crate::source::Loaded;
use asyncviz_timeline::{CodeMarks, Token, TokenKind};
use asyncviz_trace::TaskId;
use std::fmt::Write;
use yew::prelude::*;

/// Props.
#[derive(Properties, PartialEq)]
pub(crate) struct CodeViewProps {
    /// The program.
    pub(crate) loaded: Shared<Loaded>,
    /// What to mark.
    pub(crate) marks: CodeMarks,
    /// Whether the marks are the run's last step's.
    #[prop_or_default]
    pub(crate) at_end: bool,
    /// Controls for the panel's head (the Watch / Edit switch).
    #[prop_or_default]
    pub(crate) children: Html,
}

/// The CSS class of a token kind (shared with the editor).
pub(crate) fn class_of(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::Plain => "",
        TokenKind::Keyword => "tk-kw",
        TokenKind::Type => "tk-ty",
        TokenKind::Function => "tk-fn",
        TokenKind::Ident => "tk-id",
        TokenKind::Macro => "tk-mac",
        TokenKind::Str => "tk-str",
        TokenKind::Number => "tk-num",
        TokenKind::Comment => "tk-com",
        TokenKind::Lifetime => "tk-lt",
        TokenKind::Attribute => "tk-attr",
    }
}

/// A line's tokens as HTML (text escaped), the same nodes the editor's highlighting makes. A line
/// goes into the page in one piece, not one element per token: a program's lines never change
/// while it is shown, and a first render of the page is where every DOM call counts.
fn tokens_html(tokens: &[Token]) -> AttrValue {
    let mut html = String::new();
    for t in tokens {
        let c = class_of(t.kind);
        if !c.is_empty() {
            let _ = write!(html, "<span class=\"{c}\">");
        }
        for ch in t.text.chars() {
            match ch {
                '&' => html.push_str("&amp;"),
                '<' => html.push_str("&lt;"),
                '>' => html.push_str("&gt;"),
                _ => html.push(ch),
            }
        }
        if !c.is_empty() {
            html.push_str("</span>");
        }
    }
    AttrValue::from(html)
}

/// The code panel.
#[component]
pub(crate) fn CodeView(props: &CodeViewProps) -> Html {
    let scroller = use_node_ref();
    let loaded = &props.loaded;
    let marks = &props.marks;
    {
        let scroller = scroller.clone();
        // At the end of a run that hangs nothing runs, and the lines to see are where tasks are
        // stuck: the first of them is shown (the outcome banner names them). Elsewhere a step
        // where nothing runs keeps the scroll, so playback does not jump between lines.
        let stuck = props
            .at_end
            .then(|| marks.parked.keys().next().copied())
            .flatten();
        use_effect_with((marks.current, stuck), move |(current, stuck)| {
            let Some(line) = current.or(*stuck) else {
                return; // Nothing runs (step 0, a page load): nothing to scroll to.
            };
            // Scrolled at the next frame, where reading layout costs no extra layout pass.
            browser::next_frame(move || {
                if let Some(container) = scroller.cast::<web_sys::Element>() {
                    if let Ok(Some(el)) =
                        container.query_selector(&format!("[data-line=\"{line}\"]"))
                    {
                        browser::scroll_within(&container, &el);
                    }
                }
            });
        });
    }
    let sources = use_memo(loaded.clone(), |loaded| {
        loaded
            .code
            .iter()
            .map(|tokens| tokens_html(tokens))
            .collect::<Vec<_>>()
    });
    let width = loaded.code.len().to_string().len();
    let lines = sources.iter().enumerate().map(|(i, source)| {
        let n = i as u32 + 1;
        let current = marks.current == Some(n);
        html! {
            <CodeLine
                key={n}
                loaded={loaded.clone()}
                source={source.clone()}
                {n}
                {width}
                {current}
                parked={marks.parked.get(&n).cloned()}
                running={current.then_some(marks.current_task).flatten()}
            />
        }
    });
    let parked_total: usize = marks.parked.values().map(Vec::len).sum();
    html! {
        <section class="card code-card" aria-labelledby="code-h">
            <div class="card-head">
                <h2 id="code-h" class="card-title" elementtiming="asyncviz-panels">{"Program"}</h2>
                <span class="card-sub">{loaded.entry.file.clone()}</span>
                <span class="legend-inline">
                    <span class="lg"><span class="ln-mark-run">{"▶"}</span>{" running"}</span>
                    <span class="lg"><span class="ln-mark-park">{"‖"}</span>{" parked"}</span>
                </span>
                {props.children.clone()}
            </div>
            <div class="code-frame">
                <div class="code-scroll" ref={scroller} tabindex="0" aria-label="Program source">
                    <pre class="code" data-testid="code" data-current-line={marks.current.map(|l| l.to_string())} data-parked={parked_total.to_string()}><code data-hold-width="">{ for lines }</code></pre>
                </div>
            </div>
        </section>
    }
}

/// The most parked tasks a line names one badge each; beyond it, one badge counts them all.
const MAX_BADGES: usize = 3;

/// Props of one source line.
#[derive(Properties, PartialEq)]
struct CodeLineProps {
    /// The program.
    loaded: Shared<Loaded>,
    /// The line's highlighted text as HTML ([`tokens_html`]).
    source: AttrValue,
    /// The line number, from 1.
    n: u32,
    /// The width of the widest line number.
    width: usize,
    /// Whether the line is being executed.
    current: bool,
    /// The tasks parked at an await on this line.
    parked: Option<Vec<TaskId>>,
    /// The task executing the line, if it is current.
    running: Option<TaskId>,
}

/// One source line. A line renders again only when its own marks change, so a step that moves the
/// executing line touches two lines, not the whole program.
#[component]
fn CodeLine(props: &CodeLineProps) -> Html {
    let CodeLineProps {
        loaded,
        source,
        n,
        width,
        current,
        parked,
        running,
    } = props;
    let (n, width, current) = (*n, *width, *current);
    let index = &loaded.index;
    let class = classes!(
        "ln",
        current.then_some("ln-current"),
        parked.as_ref().map(|_| "ln-parked")
    );
    let marker = if current {
        html! { <span class="ln-mark ln-mark-run" title="executing here">{"▶"}</span> }
    } else if parked.is_some() {
        html! { <span class="ln-mark ln-mark-park" title="a task is parked here">{"‖"}</span> }
    } else {
        html! { <span class="ln-mark"></span> }
    };
    // A line's badges sit side by side in one sticky element (a layer of its own in the browser)
    // that changes at nearly every step and stays at the visible right edge of a long line, over
    // the line's end: so a line names up to three parked tasks, and counts more than that in one
    // badge whose tooltip names them. The badges have no keys: when the parked tasks change, the
    // same nodes take the new names in place. Keyed by task, a scrub frame removed and made about
    // 11 nodes (garbage for the browser to collect).
    let parked_badges = parked.as_deref().map(|tasks| {
        if tasks.len() <= MAX_BADGES {
            html! { { for tasks.iter().map(|t| html! {
                <span class="parked-badge" title={format!("{} is parked at this await", index.task_name(*t))}>
                    {format!("‖ {}", index.task_short(*t))}
                </span>
            }) } }
        } else {
            let names: Vec<String> = tasks.iter().map(|t| index.task_name(*t)).collect();
            html! {
                <span class="parked-badge" title={format!("Parked at this await: {}", names.join(", "))}>
                    {format!("‖ {} tasks", tasks.len())}
                </span>
            }
        }
    });
    html! {
        <div {class} data-line={n.to_string()} aria-current={current.then_some("step")}>
            <span class="ln-no" aria-hidden="true">{format!("{n:>width$}")}</span>
            {marker}
            <span class="ln-src">
                { Html::from_html_unchecked(source.clone()) }
                if parked.is_some() || running.is_some() {
                    <span class="line-badges">
                        { parked_badges.unwrap_or_default() }
                        if let Some(t) = running {
                            <span class="running-badge">{format!("▶ {}", index.task_short(*t))}</span>
                        }
                    </span>
                }
            </span>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_escaped_html_with_one_span_per_highlighted_token() {
        let tokens = asyncviz_timeline::highlight("let s = \"<b>&</b>\"; // x < y")
            .into_iter()
            .next()
            .expect("one line");
        assert_eq!(
            tokens_html(&tokens).as_str(),
            "<span class=\"tk-kw\">let</span> <span class=\"tk-id\">s</span> = \
             <span class=\"tk-str\">\"&lt;b&gt;&amp;&lt;/b&gt;\"</span>; \
             <span class=\"tk-com\">// x &lt; y</span>"
        );
    }
}
