//! The call that builds the static descriptor of a literal code, the same in both
//! derives: one `__private::variant(...)` of plain literals (`""` for "none", 0 for
//! the status's log level), since a large enum writes one per variant and expansion
//! time grows with the tokens.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::attr::LogLevel;
use crate::json;
use crate::model::LiteralCode;

/// What a descriptor holds beside its code's facts.
pub struct DescriptorParts<'a> {
    /// The type's name and the variant's, as the catalog shows them.
    pub source: (String, String),
    /// The doc comment.
    pub description: Option<&'a str>,
    pub log: Option<LogLevel>,
    /// A constant message.
    pub message: Option<&'a str>,
    /// The `message = "..."` literal as written.
    pub template: Option<String>,
    /// The names of the headers the variant sets, spelled as written.
    pub headers: Vec<&'a str>,
}

/// `__private::variant(...)` for a literal code.
pub fn literal_descriptor(
    private: &TokenStream,
    code: &LiteralCode,
    parts: DescriptorParts,
) -> TokenStream {
    let LiteralCode {
        code,
        status,
        title,
        type_uri,
        expose,
    } = code;
    let (type_name, variant_name) = &parts.source;
    let description = parts.description.unwrap_or_default();
    let log = Literal::u8_unsuffixed(parts.log.map_or(0, LogLevel::number));
    let message_json = parts.message.map(json::string).unwrap_or_default();
    let message = parts.message.unwrap_or_default();
    let problem_head = json::problem_head(type_uri, title, *status, code);
    let envelope_head = json::envelope_head(code);
    let template = parts.template.unwrap_or_default();
    let headers = parts.headers;
    quote! {
        #private::variant(
            (#type_name, #variant_name), #code, #status, #title, #type_uri, #expose,
            #description, #log, #message, #message_json, #problem_head, #envelope_head,
            #template, &[#(#headers),*],
        )
    }
}
