//! Properties of the redactor (`apierror::redact`), the defense in depth for exposed
//! messages that come from `Display`:
//!
//! - a secret placed in any documented pattern, inside arbitrary surrounding text,
//!   never shows, in the redactor's output or in a rendered response;
//! - on any text at all it never panics, and what it leaves alone renders unchanged.

use apierror::{ApiError, Context, Format, TraceId};
use apierror_tests::strict_json;
use proptest::prelude::*;

#[derive(Debug, thiserror::Error, ApiError)]
#[error("{0}")]
#[api(code = "displayed", status = 400)]
pub struct Displayed(String);

/// The documented patterns, `{}` standing for the secret.
const PATTERNS: &[&str] = &[
    "postgres://app:{}@db.internal:5432/main",
    "https://{}@example.com/x",
    "redis://:{}@cache:6379",
    "Authorization: Bearer {}",
    "authorization: bearer {}",
    "password={}",
    "PASSWORD: '{}'",
    "passwd = \"{}\"",
    "pwd:{}",
    "secret={}",
    "client_secret={}&x=1",
    "token: {}",
    "access_token={}",
    "{\"api_key\": \"{}\"}",
    "apikey={}",
    "DB_PASSWORD={}",
    "x-api-key: {}",
    "aws_secret_access_key={}",
    "private_key={}",
    "open /home/{}/.env",
    "read C:\\{}\\secrets.txt",
];

fn ctx(format: Format) -> Context {
    Context::default()
        .with_trace_id(TraceId::parse("trace-1").expect("a valid trace id"))
        .with_format(format)
}

fn shown(text: &str, format: Format) -> String {
    let response = Displayed(text.to_owned()).to_response(&ctx(format));
    let body = strict_json(response.body());
    let message = match format {
        Format::Envelope => &body["error"]["message"],
        _ => &body["detail"],
    };
    message.as_str().expect("a message").to_owned()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_secret_in_a_documented_pattern_never_shows(
        before in any::<String>(),
        after in any::<String>(),
        secret in "[A-Za-z0-9]{9,40}",
        pattern in proptest::sample::select(PATTERNS),
    ) {
        let text = format!("{before} {} {after}", pattern.replace("{}", &secret));
        let redacted = apierror::redact::redact(&text);
        prop_assert!(redacted.is_some(), "{text:?}");
        let redacted = redacted.unwrap_or_default();
        prop_assert!(!redacted.contains(&secret), "{text:?} became {redacted:?}");
        for format in [Format::Problem, Format::Envelope] {
            let shown = shown(&text, format);
            prop_assert!(!shown.contains(&secret), "{text:?} was shown as {shown:?}");
        }
    }

    /// Internal addresses never show; public ones are left alone, since in a 4xx
    /// message they are most often the client's own (`IP 203.0.113.7 is not
    /// allowed`) or no address at all (`version 1.2.3.4`): see the redaction corpus.
    #[test]
    fn an_internal_address_never_shows_and_a_public_one_stays(
        before in any::<String>(),
        octets in proptest::array::uniform4(any::<u8>()),
        segments in proptest::array::uniform8(any::<u16>()),
        port in proptest::option::of(1u16..),
    ) {
        let ipv4 = std::net::Ipv4Addr::from(octets);
        let ipv6 = std::net::Ipv6Addr::from(segments);
        let internal_v4 = ipv4.is_private()
            || ipv4.is_loopback()
            || ipv4.is_link_local()
            || ipv4.is_unspecified()
            || (octets[0] == 100 && (64..128).contains(&octets[1]));
        let internal_v6 = ipv6.is_unique_local()
            || ipv6.is_loopback()
            || ipv6.is_unicast_link_local()
            || ipv6.is_unspecified()
            || ipv6.to_ipv4_mapped().is_some_and(|mapped| {
                mapped.is_private() || mapped.is_loopback() || mapped.is_link_local()
            });
        for (address, internal) in [(ipv4.to_string(), internal_v4), (ipv6.to_string(), internal_v6)] {
            let with_port = match port {
                Some(port) if address.contains('.') => format!("{address}:{port}"),
                _ => address.clone(),
            };
            let text = format!("{before} peer {with_port} refused");
            let redacted = apierror::redact::redact(&text).unwrap_or_else(|| text.clone());
            // Short IPv6 forms (`::`, `::1`, `1::`) may be ordinary text; full ones never.
            if internal && address.len() >= 7 {
                prop_assert!(!redacted.contains(&address), "{text:?} became {redacted:?}");
            }
            if !internal {
                prop_assert!(redacted.contains(&with_port), "{text:?} became {redacted:?}");
            }
        }
    }

    #[test]
    fn any_text_redacts_without_panicking_and_renders_as_valid_json(text in any::<String>()) {
        let redacted = apierror::redact::redact(&text);
        let expected = redacted.clone().unwrap_or_else(|| text.clone());
        prop_assume!(!text.is_empty());
        for format in [Format::Problem, Format::Envelope] {
            prop_assert_eq!(shown(&text, format), expected.clone());
        }
        if let Some(redacted) = redacted {
            prop_assert!(redacted.contains("[redacted]"));
        }
    }
}
