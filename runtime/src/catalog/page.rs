//! The error catalog page a [`Catalog`] writes, as Markdown or as HTML: one entry
//! per code, with its status, title, type, exposure, gRPC code, description and an
//! example.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde_json::Value;

use crate::openapi;
use crate::{ErrorDescriptor, Format};

use super::Catalog;

const PAGE_TITLE: &str = "Error codes";

const INTRO: &str = "Every error response of this API is an RFC 9457 problem document \
                     (`application/problem+json`). Its `code` member is one of the codes below: \
                     branch on `code`, not on `title` or `detail`, which are written for people. \
                     Quote the `trace_id` member (also sent as the `X-Trace-Id` header) when you \
                     report an error.";

const ENVELOPE_INTRO: &str = "Every error response of this API is a JSON envelope \
                              (`application/json`), `{\"error\": {...}}`. Its `error.code` member is \
                              one of the codes below: branch on it, not on `error.message`, which is \
                              written for people. Quote `error.trace_id` (also sent as the \
                              `X-Trace-Id` header) when you report an error.";

/// The page's opening paragraph for the format its examples are shown in: where a
/// body of that format carries the code and the trace id.
fn intro(format: Format) -> String {
    let (shape, code) = match format {
        Format::Problem => return INTRO.to_owned(),
        Format::Envelope => return ENVELOPE_INTRO.to_owned(),
        Format::Google => (
            "Google's AIP-193 error",
            "the `reason` of its `ErrorInfo` detail is one of the codes below in UPPER_SNAKE_CASE",
        ),
        Format::Microsoft => (
            "a Microsoft REST API guidelines error",
            "its `error.code` member (also sent as the `x-ms-error-code` header) is one of the \
             codes below",
        ),
        Format::JsonApi => (
            "a JSON:API error document",
            "the `code` of its first error object is one of the codes below",
        ),
        Format::FastApi => (
            "a FastAPI `{\"detail\": ...}` body",
            "it names no code: its status and `detail` say what went wrong, and each code below \
             is listed with the status it answers with",
        ),
        Format::Custom(wire) => {
            return format!(
                "Every error response of this API is a `{}` body (`{}`), as the examples below \
                 show. Quote the trace id sent as the `X-Trace-Id` header when you report an \
                 error.",
                wire.name(),
                wire.media_type()
            );
        }
    };
    format!(
        "Every error response of this API is {shape} (`{}`), as the examples below show: \
         {code}. Branch on the code, not on the message, which is written for people. Quote \
         the trace id (also sent as the `X-Trace-Id` header) when you report an error.",
        format.content_type()
    )
}

const EXPOSED_LEGEND: &str = "*Exposed* says whether `detail` and the fields an error names reach \
                              the client. An error that is not exposed answers with a fixed \
                              `detail`; what went wrong stays in the server's logs, found by the \
                              trace id.";

const EXPOSED: &str = "yes: `detail` and the fields the error names reach the client.";
const NOT_EXPOSED_GENERIC: &str = "no: the client gets a generic `detail`; what went wrong stays in \
                                   the server's logs, found by the trace id.";
const NOT_EXPOSED_CONSTANT: &str = "no: the client always gets the `detail` shown below; what went \
                                    wrong stays in the server's logs, found by the trace id.";

/// What the page says about whether `descriptor` is exposed.
fn exposure(descriptor: &ErrorDescriptor) -> &'static str {
    match (descriptor.expose(), descriptor.message()) {
        (true, _) => EXPOSED,
        (false, Some(_)) => NOT_EXPOSED_CONSTANT,
        (false, None) => NOT_EXPOSED_GENERIC,
    }
}

/// One code as the page shows it.
struct Entry {
    /// The first descriptor added with this code.
    descriptor: &'static ErrorDescriptor,
    /// Every status the code answers with, ascending.
    statuses: Vec<u16>,
}

impl Entry {
    fn status_text(&self) -> String {
        self.statuses
            .iter()
            .map(|status| format!("{status} {}", openapi::reason(*status)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn status_numbers(&self) -> String {
        self.statuses
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The page's parts: the service's own codes first; then the codes the framework
/// integration answers on its own (an extractor's rejection, an unknown route, a
/// panic); then the other statuses' canonical codes, which reach a client only from
/// a handler's own plain-text answer, listed in one table without examples.
#[derive(Default)]
struct Sections {
    own: Vec<Entry>,
    framework: Vec<Entry>,
    other_statuses: Vec<Entry>,
}

impl Sections {
    fn is_empty(&self) -> bool {
        self.own.is_empty() && self.framework.is_empty() && self.other_statuses.is_empty()
    }

    fn has_framework_codes(&self) -> bool {
        !self.framework.is_empty() || !self.other_statuses.is_empty()
    }
}

const FRAMEWORK_TITLE: &str = "Framework codes";

const FRAMEWORK_INTRO: &str = "The framework answers these itself, before or around the \
                               service's handlers, in the same shape as the codes above. \
                               *When* says what sets each apart.";

const OTHER_STATUSES_TITLE: &str = "Other statuses";

const OTHER_STATUSES_INTRO: &str = "A handler that answers with one of these statuses and a \
                                    plain-text or empty body gets its status's code, with \
                                    `type` `about:blank`.";

/// The first sentence of a description, for an index table's *When* column.
fn first_sentence(description: Option<&str>) -> &str {
    let text = description.unwrap_or_default().trim();
    match text.find(". ") {
        Some(end) => &text[..=end],
        None => text,
    }
}

impl Catalog {
    fn sections(&self) -> Sections {
        let mut sections = Sections::default();
        for entry in self.entries() {
            let code = entry.descriptor.code();
            let part = if self.is_service_code(code) {
                &mut sections.own
            } else if crate::http_error::INTEGRATION_CODES.contains(&code) {
                &mut sections.framework
            } else {
                &mut sections.other_statuses
            };
            part.push(entry);
        }
        sections
    }

    fn entries(&self) -> Vec<Entry> {
        self.codes()
            .into_iter()
            .map(|descriptor| Entry {
                descriptor: self.shown(descriptor),
                statuses: self
                    .descriptors()
                    .iter()
                    .filter(|other| other.code() == descriptor.code())
                    .map(|other| other.status_u16())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
            })
            .collect()
    }

    /// The catalog as a Markdown page: a table of the codes, then one entry per code
    /// with its status, title, type URI, whether it is exposed, its description and
    /// an example problem document.
    ///
    /// The service's own codes come first. The framework's
    /// ([`with_framework_codes`](Catalog::with_framework_codes)) follow under
    /// "Framework codes": those the integration answers on its own (an extractor's
    /// rejection, an unknown route or method, a body too large or of the wrong media
    /// type, a panic), each with what sets it apart and an entry; then, in one table
    /// without entries, the other statuses' codes, which a client sees only when a
    /// handler answers with that status and a plain-text body.
    ///
    /// Each entry starts with `<a id="CODE"></a>`, so a problem type URI such as
    /// `https://docs.example.com/errors#account_not_found` lands on it. Descriptions
    /// are the variants' doc comments, written as they are (they are Markdown).
    ///
    /// ```
    /// use apierror::{ApiError, catalog::Catalog};
    ///
    /// #[derive(Debug, thiserror::Error, ApiError)]
    /// #[api(type_base = "https://docs.example.com/errors#")]
    /// enum AccountError {
    ///     /// The account does not exist or is not visible to the caller.
    ///     #[error("account not found")]
    ///     #[api(code = "account_not_found", status = 404, title = "Account not found")]
    ///     NotFound,
    /// }
    ///
    /// let page = Catalog::new().with::<AccountError>().to_markdown();
    /// assert!(page.contains("<a id=\"account_not_found\"></a>"));
    /// assert!(page.contains("The account does not exist or is not visible to the caller."));
    /// ```
    pub fn to_markdown(&self) -> String {
        let sections = self.sections();
        let mut out = String::new();
        let intro = intro(self.format());
        let _ = writeln!(out, "# {PAGE_TITLE}\n\n{intro}\n\n{EXPOSED_LEGEND}\n");
        if sections.is_empty() {
            out.push_str("This API declares no error codes.\n");
            return out;
        }
        markdown_index(&mut out, &sections.own, OWN_INDEX);
        for entry in &sections.own {
            markdown_entry(&mut out, entry, "##", self.format());
        }
        if sections.has_framework_codes() {
            let _ = writeln!(out, "\n## {FRAMEWORK_TITLE}\n\n{FRAMEWORK_INTRO}\n");
            markdown_index(&mut out, &sections.framework, FRAMEWORK_INDEX);
            for entry in &sections.framework {
                markdown_entry(&mut out, entry, "###", self.format());
            }
        }
        if !sections.other_statuses.is_empty() {
            let _ = writeln!(
                out,
                "\n### {OTHER_STATUSES_TITLE}\n\n{OTHER_STATUSES_INTRO}\n"
            );
            markdown_index(&mut out, &sections.other_statuses, OTHER_STATUSES_INDEX);
        }
        out
    }

    /// The catalog as one self-contained HTML page: inline CSS, no script, no
    /// external resource, readable on a screen and printable. A table of the codes
    /// leads to one entry per code with its status, title, type URI, whether it is
    /// exposed, its description and an example problem document. The framework's
    /// codes follow the service's own, in their own section, as in
    /// [`to_markdown`](Catalog::to_markdown).
    ///
    /// Each entry's `id` is its code, so a problem type URI such as
    /// `https://docs.example.com/errors#account_not_found` lands on it. All text is
    /// escaped; in descriptions, blank lines separate paragraphs, lines starting
    /// with `- ` make a list and `` `code` `` spans are kept.
    ///
    /// ```
    /// use apierror::{ApiError, catalog::Catalog};
    ///
    /// #[derive(Debug, thiserror::Error, ApiError)]
    /// #[api(type_base = "https://docs.example.com/errors#")]
    /// enum AccountError {
    ///     /// The account does not exist or is not visible to the caller.
    ///     #[error("account not found")]
    ///     #[api(code = "account_not_found", status = 404, title = "Account not found")]
    ///     NotFound,
    /// }
    ///
    /// let page = Catalog::new().with::<AccountError>().to_html();
    /// assert!(page.starts_with("<!DOCTYPE html>"));
    /// assert!(page.contains("<section class=\"entry\" id=\"account_not_found\">"));
    /// assert!(!page.contains("<script"));
    /// ```
    pub fn to_html(&self) -> String {
        let sections = self.sections();
        let mut out = String::with_capacity(4096 + self.descriptors().len() * 1024);
        let _ = write!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>{PAGE_TITLE}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n\
             <header>\n<h1>{PAGE_TITLE}</h1>\n<p class=\"intro\">{}</p>\n</header>\n",
            inline_html(&intro(self.format()))
        );
        if sections.is_empty() {
            out.push_str("<p>This API declares no error codes.</p>\n");
        }
        if !sections.own.is_empty() {
            out.push_str("<nav aria-label=\"Error codes\">\n");
            html_index(&mut out, &sections.own, OWN_INDEX);
            out.push_str("</nav>\n");
        }
        for entry in &sections.own {
            write_html_entry(&mut out, entry, "h2", self.format());
        }
        if sections.has_framework_codes() {
            let _ = write!(
                out,
                "<section class=\"framework\" id=\"framework-codes\">\n<h2>{FRAMEWORK_TITLE}</h2>\n<p>{}</p>\n",
                inline_html(FRAMEWORK_INTRO)
            );
            html_index(&mut out, &sections.framework, FRAMEWORK_INDEX);
            for entry in &sections.framework {
                write_html_entry(&mut out, entry, "h3", self.format());
            }
            if !sections.other_statuses.is_empty() {
                let _ = write!(
                    out,
                    "<h3 id=\"other-statuses\">{OTHER_STATUSES_TITLE}</h3>\n<p>{}</p>\n",
                    inline_html(OTHER_STATUSES_INTRO)
                );
                html_index(&mut out, &sections.other_statuses, OTHER_STATUSES_INDEX);
            }
            out.push_str("</section>\n");
        }
        out.push_str("</main>\n</body>\n</html>\n");
        out
    }
}

/// What an index table shows beside each code and status, and whether the code
/// links to an entry of its own.
struct Index {
    column: Column,
    linked: bool,
}

/// The service's own codes, each linking to its entry.
const OWN_INDEX: Index = Index {
    column: Column::Title,
    linked: true,
};
/// The framework's codes, each with what sets it apart, linking to its entry.
const FRAMEWORK_INDEX: Index = Index {
    column: Column::When,
    linked: true,
};
/// The other statuses' codes, which have no entries.
const OTHER_STATUSES_INDEX: Index = Index {
    column: Column::Title,
    linked: false,
};

/// An index table's third column.
#[derive(Clone, Copy)]
enum Column {
    /// The code's title, plain text.
    Title,
    /// The first sentence of the code's description, Markdown: what sets it apart.
    When,
}

impl Column {
    fn heading(self) -> &'static str {
        match self {
            Column::Title => "Title",
            Column::When => "When",
        }
    }

    fn markdown(self, descriptor: &ErrorDescriptor) -> String {
        match self {
            Column::Title => openapi::markdown_escape(descriptor.title()),
            // Markdown already; only what would end the cell is escaped.
            Column::When => first_sentence(descriptor.description())
                .replace('|', "\\|")
                .replace('\n', " "),
        }
    }

    fn html(self, descriptor: &ErrorDescriptor) -> String {
        match self {
            Column::Title => html_escape(descriptor.title()),
            Column::When => inline_html(first_sentence(descriptor.description())),
        }
    }
}

/// An HTML table of codes, their statuses and the index's column.
fn html_index(out: &mut String, entries: &[Entry], index: Index) {
    if entries.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<table class=\"index\">\n<thead><tr><th scope=\"col\">Code</th>\
         <th scope=\"col\">Status</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        index.column.heading()
    );
    for entry in entries {
        let descriptor = entry.descriptor;
        let code = html_escape(descriptor.code());
        let code = if index.linked {
            format!("<a href=\"#{code}\"><code>{code}</code></a>")
        } else {
            format!("<code>{code}</code>")
        };
        let _ = writeln!(
            out,
            "<tr><td>{code}</td><td>{}</td><td>{}</td></tr>",
            status_badges(&entry.statuses),
            index.column.html(descriptor),
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

/// A Markdown table of codes, their statuses and the index's column.
fn markdown_index(out: &mut String, entries: &[Entry], index: Index) {
    if entries.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "| Code | Status | {} |\n| --- | --- | --- |",
        index.column.heading()
    );
    for entry in entries {
        let descriptor = entry.descriptor;
        let code = descriptor.code();
        let code = if index.linked {
            format!("[`{code}`](#{code})")
        } else {
            format!("`{code}`")
        };
        let _ = writeln!(
            out,
            "| {code} | {} | {} |",
            entry.status_numbers(),
            index.column.markdown(descriptor),
        );
    }
}

/// One code's Markdown entry under a heading of `level` (`##`).
fn markdown_entry(out: &mut String, entry: &Entry, level: &str, format: Format) {
    let descriptor = entry.descriptor;
    let code = descriptor.code();
    let _ = writeln!(
        out,
        "\n<a id=\"{}\"></a>\n\n{level} `{code}`\n",
        html_escape(code)
    );
    // A table, not a list: a list would merge with one that ends the description.
    let _ = writeln!(
        out,
        "| Status | Title | Type | Exposed | gRPC |\n| --- | --- | --- | --- | --- |\n| {} | {} | {} | {} | `{}` |\n",
        entry.status_text(),
        openapi::markdown_escape(descriptor.title()),
        markdown_code(descriptor.type_uri()),
        if descriptor.expose() { "yes" } else { "no" },
        descriptor.grpc_code(),
    );
    if let Some(description) = descriptor.description() {
        let _ = writeln!(out, "{description}\n");
    }
    let _ = writeln!(
        out,
        "Example response body:\n\n```json\n{}\n```",
        example_json(descriptor, format)
    );
}

/// One code's HTML entry under a heading `level` (`h2`).
fn write_html_entry(out: &mut String, entry: &Entry, level: &str, format: Format) {
    let descriptor = entry.descriptor;
    let code = html_escape(descriptor.code());
    let _ = write!(
        out,
        "<section class=\"entry\" id=\"{code}\">\n\
         <{level}><a class=\"anchor\" href=\"#{code}\"><code>{code}</code></a> \
         <span class=\"entry-title\">{}</span></{level}>\n",
        html_escape(descriptor.title()),
    );
    if let Some(description) = descriptor.description() {
        let _ = writeln!(
            out,
            "<div class=\"description\">\n{}</div>",
            description_html(description)
        );
    }
    let type_uri = descriptor.type_uri();
    let type_html = if type_uri.starts_with("https://") || type_uri.starts_with("http://") {
        format!(
            "<a href=\"{0}\"><code>{0}</code></a>",
            html_escape(type_uri)
        )
    } else {
        format!("<code>{}</code>", html_escape(type_uri))
    };
    let exposed_class = if descriptor.expose() {
        "exposed"
    } else {
        "opaque"
    };
    let exposed = exposure(descriptor);
    let _ = write!(
        out,
        "<dl>\n<dt>Status</dt><dd>{status}</dd>\n<dt>Type</dt><dd>{type_html}</dd>\n\
         <dt>Exposed</dt><dd class=\"{exposed_class}\">{exposed}</dd>\n\
         <dt>gRPC code</dt><dd><code>{grpc}</code></dd>\n</dl>\n\
         <figure>\n<figcaption>Example response body</figcaption>\n<pre><code>{example}</code></pre>\n</figure>\n\
         </section>\n",
        status = entry
            .statuses
            .iter()
            .map(|status| format!(
                "{} {}",
                status_badges(&[*status]),
                html_escape(openapi::reason(*status))
            ))
            .collect::<Vec<_>>()
            .join(", "),
        exposed = inline_html(exposed),
        grpc = descriptor.grpc_code(),
        example = html_escape(&example_json(descriptor, format)),
    );
}

fn status_badges(statuses: &[u16]) -> String {
    statuses
        .iter()
        .map(|status| {
            let class = if *status >= 500 { "s5xx" } else { "s4xx" };
            format!("<span class=\"status {class}\">{status}</span>")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sample body of `descriptor` in `format`: a problem document pretty-printed
/// with its members in the order the renderer writes them; a body of another format
/// as that format writes it, pretty-printed.
fn example_json(descriptor: &'static ErrorDescriptor, format: Format) -> String {
    if let Some(wire) = format.wire() {
        let sample = openapi::sample_body(wire, descriptor);
        return serde_json::to_string_pretty(&sample).unwrap_or_default();
    }
    if format == Format::Envelope {
        let sample = openapi::sample_envelope(descriptor);
        return serde_json::to_string_pretty(&sample).unwrap_or_default();
    }
    let Value::Object(mut sample) = openapi::sample_problem(descriptor) else {
        return String::new();
    };
    let leading = ["type", "title", "status", "detail", "instance", "code"];
    let mut lines: Vec<String> = leading
        .iter()
        .filter_map(|name| Some(format!("  \"{name}\": {}", sample.remove(*name)?)))
        .collect();
    let trace_id = sample.remove("trace_id");
    // The members the variant writes (`field`, `errors`, extensions), then the
    // trace id, each value pretty-printed at the member's depth.
    for (name, value) in sample
        .into_iter()
        .chain(trace_id.map(|id| ("trace_id".into(), id)))
    {
        let value = serde_json::to_string_pretty(&value).unwrap_or_default();
        lines.push(format!(
            "  {}: {}",
            Value::String(name),
            value.replace('\n', "\n  ")
        ));
    }
    format!("{{\n{}\n}}", lines.join(",\n"))
}

/// `text` as a Markdown code span for a table cell, with a fence longer than any run
/// of backticks in it, and `|` escaped as GitHub's tables need even in code.
fn markdown_code(text: &str) -> String {
    let text = &text.replace('|', "\\|");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// `text` with the characters HTML gives meaning to, in text and in quoted
/// attribute values, replaced by references.
fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escaped `text` with `` `code` `` spans turned into `<code>` elements.
fn inline_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split('`');
    if let Some(first) = parts.next() {
        out.push_str(&html_escape(first));
    }
    let rest: Vec<&str> = parts.collect();
    // An unmatched backtick stays a backtick.
    let pairs = rest.len() / 2 * 2;
    for (index, part) in rest.iter().enumerate() {
        if index >= pairs {
            out.push('`');
            out.push_str(&html_escape(part));
        } else if index % 2 == 0 {
            let _ = write!(out, "<code>{}</code>", html_escape(part));
        } else {
            out.push_str(&html_escape(part));
        }
    }
    out
}

/// A doc comment as HTML: a ```` ``` ```` fenced block becomes preformatted code,
/// kept line by line; the rest is paragraphs split at blank lines, a paragraph whose
/// lines all start with `- ` or `* ` a list.
fn description_html(text: &str) -> String {
    let mut out = String::new();
    let mut prose = String::new();
    let mut code: Option<Vec<&str>> = None;
    for line in text.lines() {
        let fence = line.trim_start().starts_with("```");
        match (&mut code, fence) {
            (None, false) => {
                prose.push_str(line);
                prose.push('\n');
            }
            (None, true) => {
                out.push_str(&paragraphs_html(&std::mem::take(&mut prose)));
                code = Some(Vec::new());
            }
            (Some(lines), false) => lines.push(line),
            (Some(lines), true) => {
                let _ = writeln!(
                    out,
                    "<pre><code>{}</code></pre>",
                    html_escape(&lines.join("\n"))
                );
                code = None;
            }
        }
    }
    // A block left open runs to the end of the comment, as in Markdown.
    if let Some(lines) = code {
        let _ = writeln!(
            out,
            "<pre><code>{}</code></pre>",
            html_escape(&lines.join("\n"))
        );
    }
    out.push_str(&paragraphs_html(&prose));
    out
}

/// Prose as HTML paragraphs, split at blank lines; a paragraph whose lines all start
/// with `- ` or `* ` becomes a list.
fn paragraphs_html(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text
        .split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
    {
        let lines: Vec<&str> = paragraph.lines().map(str::trim).collect();
        let items: Option<Vec<&str>> = lines
            .iter()
            .map(|line| line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")))
            .collect();
        match items {
            Some(items) => {
                out.push_str("<ul>\n");
                for item in items {
                    let _ = writeln!(out, "<li>{}</li>", inline_html(item));
                }
                out.push_str("</ul>\n");
            }
            None => {
                let _ = writeln!(out, "<p>{}</p>", inline_html(&lines.join(" ")));
            }
        }
    }
    out
}

const CSS: &str = r#":root {
  color-scheme: light dark;
  --text: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0;
  --link: #0550ae; --target: #fff8c5; --s4xx-bg: #fff1e0; --s4xx: #8a4600;
  --s5xx-bg: #ffebe9; --s5xx: #a40e26;
}
@media (prefers-color-scheme: dark) {
  :root {
    --text: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d;
    --link: #4493f8; --target: #2e2a14; --s4xx-bg: #3a2a12; --s4xx: #f0b45b;
    --s5xx-bg: #3d1519; --s5xx: #ff8182;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 16px/1.6 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
main { max-width: 52rem; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
h1 { font-size: 2rem; line-height: 1.25; margin: 0 0 0.75rem; }
.intro { color: var(--muted); margin: 0 0 2rem; }
a { color: var(--link); text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
code, pre { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.875em; }
p code, li code, dd code, .intro code { background: var(--panel); border: 1px solid var(--line); border-radius: 4px; padding: 0.05em 0.3em; }
table.index { width: 100%; border-collapse: collapse; margin: 0 0 2.5rem; }
table.index th, table.index td { text-align: left; padding: 0.45rem 0.75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
table.index th { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
table.index tbody tr:nth-child(even) { background: var(--panel); }
.status { display: inline-block; min-width: 2.9em; text-align: center; font-weight: 600; font-size: 0.8rem;
  font-variant-numeric: tabular-nums; padding: 0.05rem 0.4rem; border-radius: 999px; border: 1px solid currentColor; }
.s4xx { background: var(--s4xx-bg); color: var(--s4xx); }
.s5xx { background: var(--s5xx-bg); color: var(--s5xx); }
.entry { border-top: 1px solid var(--line); padding: 1.5rem 0 0.5rem; scroll-margin-top: 1rem; }
.entry:target { background: var(--target); box-shadow: 0 0 0 0.75rem var(--target); border-radius: 2px; }
h2 { font-size: 1.35rem; line-height: 1.3; margin: 0 0 0.75rem; }
h2 .anchor code { font-size: 0.95em; }
.entry-title { display: block; font-weight: 400; color: var(--muted); font-size: 1rem; margin-top: 0.2rem; }
.description p { margin: 0 0 0.75rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 1.25rem; margin: 1rem 0; }
dt { font-weight: 600; color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
dd.opaque { color: var(--muted); }
figure { margin: 1rem 0 1rem; }
figcaption { font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); margin-bottom: 0.35rem; }
pre { margin: 0; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 0.85rem 1rem;
  overflow-x: auto; line-height: 1.45; white-space: pre-wrap; overflow-wrap: anywhere; }
@media print {
  :root { --text: #000; --muted: #333; --bg: #fff; --panel: #f4f4f4; --line: #bbb; --link: #000; --target: transparent; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav { break-after: page; }
  .entry { break-inside: avoid; }
  .entry:target { box-shadow: none; }
  a { text-decoration: none; }
}
"#;
