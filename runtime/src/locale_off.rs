//! Without the `fluent` feature: no error is localized. The same names as
//! `locale.rs`, so the renderer reads the same either way.

use http::header::HeaderMap;

use crate::writer::ViolationMessages;
use crate::{ErrorDescriptor, FieldViolation};

/// A localization, of which there is none without the feature.
#[derive(Clone, Copy)]
pub(crate) enum Localized {}

impl Localized {
    pub(crate) fn descriptor(&self) -> &'static ErrorDescriptor {
        match *self {}
    }

    pub(crate) fn has_detail(&self) -> bool {
        match *self {}
    }

    pub(crate) fn set_headers(&self, _: &mut HeaderMap) {
        match *self {}
    }
}

impl ViolationMessages for Localized {
    fn violation_message(&self, _: &FieldViolation) -> Option<String> {
        match *self {}
    }
}

/// `descriptor` as the docs show it: as it is, without the feature.
pub(crate) fn documented(
    descriptor: &'static ErrorDescriptor,
    _: Option<&str>,
) -> &'static ErrorDescriptor {
    descriptor
}
