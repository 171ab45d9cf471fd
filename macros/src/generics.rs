//! Where-clause bounds: only the type parameters that appear in fields that need
//! them are bounded (thiserror's `generics.rs`).

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Generics, Ident, Type};

pub struct Bounds<'a> {
    generics: &'a Generics,
    params: Vec<Ident>,
    added: Vec<TokenStream>,
}

impl<'a> Bounds<'a> {
    pub fn new(generics: &'a Generics) -> Self {
        Bounds {
            generics,
            params: generics
                .type_params()
                .map(|param| param.ident.clone())
                .collect(),
            added: Vec::new(),
        }
    }

    /// Adds `ty: bound` when `ty` mentions a type parameter.
    pub fn require(&mut self, ty: &Type, bound: TokenStream) {
        if !mentions_any(ty.to_token_stream(), &self.params) {
            return;
        }
        let predicate = quote!(#ty: #bound);
        if !self
            .added
            .iter()
            .any(|added| added.to_string() == predicate.to_string())
        {
            self.added.push(predicate);
        }
    }

    /// The user's predicates, the added ones, and `Self: Error`, so the impl applies
    /// exactly where the type is an error. Without type parameters the bound is
    /// written `for<'__api> Self: Error`: the binder keeps rustc from checking it
    /// where it is written (a bound without parameters is checked there), so a type
    /// without `Debug` gets only the error its own `Error` impl reports, and one that
    /// is no error only the derive's `assert_error`, not one more per impl.
    pub fn predicates(&self, self_ty: TokenStream) -> TokenStream {
        let existing = self
            .generics
            .where_clause
            .iter()
            .flat_map(|clause| clause.predicates.iter());
        let is_error = match self.params.is_empty() {
            false => quote!(#self_ty: ::std::error::Error,),
            true => quote!(for<'__api> #self_ty: ::std::error::Error,),
        };
        let added = &self.added;
        quote!(#(#existing,)* #(#added,)* #is_error)
    }

    pub fn where_clause(&self, self_ty: TokenStream) -> TokenStream {
        let predicates = self.predicates(self_ty);
        if predicates.is_empty() {
            return TokenStream::new();
        }
        quote!(where #predicates)
    }
}

fn mentions_any(tokens: TokenStream, params: &[Ident]) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => params.contains(&ident),
        TokenTree::Group(group) => mentions_any(group.stream(), params),
        _ => false,
    })
}
