//! Compile-time checks of `#[derive(ApiError)]`: one case per check under `ui/`,
//! each `.stderr` reviewed by eye (the caret sits under the offending token).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/**/*.rs");
}
