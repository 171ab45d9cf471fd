//! `Catalog::to_markdown` and `Catalog::to_html`: one entry per code, anchored by
//! the code, with every fact and an example; the HTML self-contained and escaped.

use apierror::catalog::Catalog;
use apierror::{ApiError, OPAQUE_SERVER_MESSAGE};

mod openapi_sample;
use openapi_sample::{BillingError, LegacyError, assert_snapshot, catalog};

const CODES: [&str; 8] = [
    "account_not_found",
    "card_declined",
    "internal_error",
    "invoice_locked",
    "invoice_not_found",
    "payment_provider_unavailable",
    "rate_limited",
    "validation_failed",
];

#[test]
fn markdown_snapshot() {
    assert_snapshot("catalog.md", &catalog().to_markdown());
}

#[test]
fn html_snapshot() {
    let html = catalog().to_html();
    assert_snapshot("catalog.html", &html);
}

#[test]
fn every_code_has_an_entry_anchored_by_the_code() {
    let markdown = catalog().to_markdown();
    let html = catalog().to_html();
    for code in CODES {
        assert_eq!(
            markdown.matches(&format!("<a id=\"{code}\"></a>")).count(),
            1,
            "{code}"
        );
        assert!(
            markdown.contains(&format!("[`{code}`](#{code})")),
            "{code} is in the table"
        );
        assert_eq!(
            html.matches(&format!(" id=\"{code}\"")).count(),
            1,
            "{code}"
        );
        assert!(
            html.contains(&format!("<a href=\"#{code}\"><code>{code}</code></a>")),
            "{code}"
        );
    }
    // A type URI lands on its entry: the fragment is the code.
    let type_uri = "https://docs.example.com/errors#account_not_found";
    assert!(html.contains(&format!(
        "<a href=\"{type_uri}\"><code>{type_uri}</code></a>"
    )));
}

#[test]
fn entries_say_status_title_description_exposure_and_show_an_example() {
    let markdown = catalog().to_markdown();
    let entry = markdown
        .split("<a id=\"internal_error\"></a>")
        .nth(1)
        .and_then(|rest| rest.split("<a id=").next())
        .expect("the entry");
    assert!(entry.contains("The server failed; the trace id finds the cause in its logs."));
    assert!(entry.contains(
        "| Status | Title | Type | Exposed | gRPC |\n| --- | --- | --- | --- | --- |\n\
         | 500 Internal Server Error | Internal error | `https://docs.example.com/errors#internal_error` | no | `INTERNAL` |\n"
    ));
    assert!(entry.contains(&format!("  \"detail\": \"{OPAQUE_SERVER_MESSAGE}\",")));
    assert!(entry.contains("```json\n{\n  \"type\": \"https://docs.example.com/errors#internal_error\",\n  \"title\": \"Internal error\",\n  \"status\": 500,"));

    let html = catalog().to_html();
    let entry = html
        .split("<section class=\"entry\" id=\"validation_failed\">")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the entry");
    assert!(entry.contains("<dd class=\"exposed\">yes: <code>detail</code> and the fields"));
    let entry = html
        .split("id=\"payment_provider_unavailable\"")
        .nth(1)
        .expect("the entry");
    assert!(entry.contains(
        "<dd class=\"opaque\">no: the client always gets the <code>detail</code> shown below"
    ));
    let entry = html
        .split("id=\"internal_error\"")
        .nth(1)
        .expect("the entry");
    assert!(
        entry.contains("<dd class=\"opaque\">no: the client gets a generic <code>detail</code>")
    );
    assert!(entry.contains("<span class=\"status s4xx\">422</span> Unprocessable Content"));
    // The doc comment's list and code spans.
    assert!(entry.contains("<li><code>pointer</code> locates the field in the request body;</li>"));
    assert!(entry.contains("&quot;detail&quot;: &quot;The account is invalid.&quot;"));
}

#[test]
fn a_code_under_two_statuses_is_one_entry() {
    let catalog = Catalog::new().with::<BillingError>().with::<LegacyError>();
    let markdown = catalog.to_markdown();
    assert_eq!(
        markdown.matches("<a id=\"invoice_not_found\"></a>").count(),
        1
    );
    assert!(markdown.contains("| [`invoice_not_found`](#invoice_not_found) | 404, 410 |"));
    assert!(markdown.contains("| 404 Not Found, 410 Gone | Invoice not found |"));
    assert!(markdown.contains("<a id=\"not_found\"></a>"));
    let html = catalog.to_html();
    assert_eq!(html.matches(" id=\"invoice_not_found\"").count(), 1);
    assert!(html.contains("<span class=\"status s4xx\">404</span> Not Found, <span class=\"status s4xx\">410</span> Gone"));
}

#[test]
fn an_empty_catalog_says_so() {
    assert!(
        Catalog::new()
            .to_markdown()
            .contains("This API declares no error codes.")
    );
    let html = Catalog::new().to_html();
    assert!(html.contains("<p>This API declares no error codes.</p>"));
    assert!(!html.contains("<table"));
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(type_base = "https://docs.example.com/errors#")]
#[allow(dead_code)] // Only read through its catalog.
enum HostileError {
    /// Says <script>alert("x")</script> & 'quotes' in `<b>code</b>`; an unmatched ` stays.
    #[error("hostile")]
    #[api(
        code = "hostile",
        status = 400,
        title = "Tags <i>and</i> \"quotes\" & | pipes *stars*",
        message = "</pre><script>x</script>"
    )]
    Hostile,
}

#[test]
fn all_text_is_escaped() {
    let catalog = Catalog::new().with::<HostileError>();
    let html = catalog.to_html();
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("<i>"));
    assert!(!html.contains("<b>"));
    assert!(html.contains("Says &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; in <code>&lt;b&gt;code&lt;/b&gt;</code>; an unmatched ` stays."));
    assert!(html.contains("Tags &lt;i&gt;and&lt;/i&gt; &quot;quotes&quot; &amp; | pipes *stars*"));
    assert!(html.contains("&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;"));

    let markdown = catalog.to_markdown();
    // Titles are plain text: Markdown and HTML in them are escaped.
    assert!(markdown.contains("| Tags \\<i\\>and\\</i\\> \"quotes\" \\& \\| pipes \\*stars\\* |"));
    // The example is JSON inside a fence, where nothing is markup.
    assert!(markdown.contains("  \"detail\": \"</pre><script>x</script>\","));
}

#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its catalog.
enum FencedError {
    /// Retry with the header:
    ///
    /// ```text
    /// Retry-After: 30
    /// <b>kept as text</b>
    /// ```
    ///
    /// - then `again`.
    #[error("slow down")]
    #[api(code = "slow_down", status = 429)]
    SlowDown,
}

#[test]
fn a_fenced_block_in_a_description_is_preformatted() {
    let html = Catalog::new().with::<FencedError>().to_html();
    let entry = html
        .split("<div class=\"description\">")
        .nth(1)
        .and_then(|rest| rest.split("</div>").next())
        .expect("the description");
    assert_eq!(
        entry,
        "\n<p>Retry with the header:</p>\n\
         <pre><code>Retry-After: 30\n&lt;b&gt;kept as text&lt;/b&gt;</code></pre>\n\
         <ul>\n<li>then <code>again</code>.</li>\n</ul>\n"
    );
}

#[test]
fn the_page_says_where_its_format_carries_the_code() {
    use apierror::Format;

    let page = |format| catalog().with_format(format).to_markdown();
    let opening = |page: &str| page.lines().nth(2).expect("the intro").to_owned();
    let problem = page(Format::Problem);
    assert!(opening(&problem).contains("RFC 9457 problem document"));
    let envelope = page(Format::Envelope);
    assert!(opening(&envelope).contains("`error.code`"), "{envelope}");
    assert!(envelope.contains("```json\n{\n  \"error\": {\n    \"code\": \"account_not_found\","));
    let google = opening(&page(Format::Google));
    assert!(
        google.contains("`reason`") && google.contains("UPPER_SNAKE_CASE"),
        "{google}"
    );
    assert!(!google.contains("problem"), "{google}");
    let microsoft = opening(&page(Format::Microsoft));
    assert!(microsoft.contains("`x-ms-error-code`"), "{microsoft}");
    let json_api = opening(&page(Format::JsonApi));
    assert!(
        json_api.contains("`application/vnd.api+json`"),
        "{json_api}"
    );
    let fast_api = opening(&page(Format::FastApi));
    assert!(fast_api.contains("names no code"), "{fast_api}");
    let html = catalog().with_format(Format::Google).to_html();
    assert!(html.contains("the <code>reason</code> of its <code>ErrorInfo</code> detail"));
}

#[test]
fn the_html_page_is_self_contained() {
    let html = catalog().to_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"));
    assert!(html.ends_with("</html>\n"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<style>") && html.contains("@media print"));
    for external in ["<script", "<link", "src=", "@import", "url("] {
        assert!(
            !html.contains(external),
            "the page loads nothing: found {external}"
        );
    }
    // Every element that opens closes, in order.
    let mut open: Vec<String> = Vec::new();
    let body = &html[html.find("<html").expect("html")..];
    for tag in body.split('<').skip(1) {
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
            .collect();
        if name == "meta" || name.is_empty() {
            continue;
        }
        if let Some(closing) = name.strip_prefix('/') {
            assert_eq!(
                open.pop().as_deref(),
                Some(closing),
                "</{closing}> closes what opened last"
            );
        } else {
            open.push(name);
        }
    }
    assert!(open.is_empty(), "unclosed: {open:?}");
}

mod framework_codes {
    use apierror::catalog::Catalog;
    use apierror::{ApiError, ErrorCodes};

    #[derive(Clone, Copy, Debug, ErrorCodes)]
    enum Code {
        /// A route that is not there.
        #[api(code = "not_found", status = 404)]
        NotFound,
    }

    // Only its descriptors are read.
    #[allow(dead_code)]
    #[derive(Debug, thiserror::Error, ApiError)]
    #[api(type_base = "https://errors.example.com/")]
    enum ShopError {
        /// The cart is empty.
        #[error("empty cart")]
        #[api(code = "cart_empty", status = 409)]
        CartEmpty,
    }

    fn catalog() -> Catalog {
        Catalog::new()
            .with::<ShopError>()
            .with_framework_codes::<Code>()
    }

    fn position(page: &str, needle: &str) -> usize {
        page.find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in the page"))
    }

    #[test]
    fn the_services_codes_come_first_then_the_frameworks_in_their_own_section() {
        let markdown = catalog().to_markdown();
        let own = position(&markdown, "## `cart_empty`");
        let section = position(&markdown, "\n## Framework codes\n");
        let framework = position(&markdown, "### `invalid_request`");
        let others = position(&markdown, "### Other statuses");
        assert!(own < section && section < framework && framework < others);

        let html = catalog().to_html();
        let own = position(&html, "id=\"cart_empty\"");
        let section = position(&html, "<h2>Framework codes</h2>");
        let framework = position(&html, "<h3><a class=\"anchor\" href=\"#invalid_request\">");
        let others = position(&html, "<h3 id=\"other-statuses\">Other statuses</h3>");
        assert!(own < section && section < framework && framework < others);
    }

    #[test]
    fn only_the_codes_the_integration_answers_itself_get_entries() {
        let markdown = catalog().to_markdown();
        for code in [
            "invalid_request",
            "validation_failed",
            "not_found",
            "method_not_allowed",
            "payload_too_large",
            "unsupported_media_type",
            "internal_error",
        ] {
            assert!(
                markdown.contains(&format!("<a id=\"{code}\"></a>")),
                "{code}"
            );
        }
        // A handler's own 409 gets `conflict`: listed, with no entry or link.
        assert!(markdown.contains("| `conflict` | 409 | Conflict |"));
        assert!(!markdown.contains("<a id=\"conflict\"></a>"));
        assert!(!markdown.contains("(#conflict)"));
        assert!(!markdown.contains("<a id=\"bad_request\"></a>"));
        let html = catalog().to_html();
        assert!(!html.contains("id=\"conflict\""));
        assert!(!html.contains("href=\"#conflict\""));
    }

    #[test]
    fn the_framework_index_says_what_sets_each_code_apart() {
        let markdown = catalog().to_markdown();
        assert!(markdown.contains(
            "| [`invalid_request`](#invalid_request) | 400 | An extractor rejected the request: \
             its body, path or query does not parse into what the endpoint takes. |"
        ));
        // The registry's entry is what the layer answers for a missing route.
        assert!(
            markdown.contains("| [`not_found`](#not_found) | 404 | A route that is not there. |")
        );
        // Descriptions are Markdown: their code spans stay code spans.
        assert!(markdown.contains("the `Allow` header lists those it takes. |"));
    }

    #[test]
    fn a_framework_code_the_service_also_declares_is_listed_as_its_own() {
        let markdown = Catalog::new()
            .with_codes::<Code>()
            .with_framework_codes::<Code>()
            .to_markdown();
        let own = position(&markdown, "## `not_found`");
        let section = position(&markdown, "\n## Framework codes\n");
        assert!(own < section);
        assert!(!markdown.contains("### `not_found`"));
    }
}

#[derive(Debug, thiserror::Error, ApiError)]
#[allow(dead_code)] // Only read through its catalog.
enum QuotaError {
    #[error("over quota")]
    #[api(code = "over_quota", status = 429, example(limit = 100))]
    Over {
        #[api(extension)]
        limit: u32,
    },
}

#[test]
fn the_example_shows_the_members_the_variant_writes() {
    let markdown = Catalog::new().with::<QuotaError>().to_markdown();
    assert!(
        markdown.contains("  \"code\": \"over_quota\",\n  \"limit\": 100,\n  \"trace_id\":"),
        "{markdown}"
    );
}
