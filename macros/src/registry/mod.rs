//! `#[derive(ErrorCodes)]`: a service's codes declared once, as a plain enum. The same
//! stages as `ApiError`: parse (`ast.rs`), check (`valid.rs`), model (`model.rs`),
//! expand (`expand.rs`), or stubs after an error (`fallback.rs`).

mod ast;
mod expand;
mod fallback;
mod model;
mod valid;

use proc_macro2::TokenStream;
use syn::DeriveInput;

use crate::ctxt::Ctxt;

/// `#[derive(ErrorCodes)]`: parse, check, model, expand; the errors and stubs when
/// the input has mistakes.
pub fn derive(node: &DeriveInput) -> TokenStream {
    let cx = Ctxt::new();
    let registry = ast::Registry::from_syn(&cx, node);
    valid::check(&cx, &registry);
    match cx.check() {
        Ok(()) => expand::registry(&model::RegistryModel::from_registry(&registry)),
        Err(errors) => fallback::registry(&registry, &errors),
    }
}
