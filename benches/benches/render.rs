//! Rendering benchmarks: apierror against hand-written serde code, the peer crates
//! and the floor, for four cases, in one run. See BENCHMARKS.md.
//!
//! `cargo bench -p apierror-benches --bench render` prints the allocations per
//! response first, then criterion's measurements.

mod common;
#[path = "common/counting.rs"]
mod counting;
mod localized;

use std::hint::black_box;

use apierror::{Context, Format};
use criterion::{Criterion, criterion_group, criterion_main};

use common::{
    TRACE_ID, apierror_response, cases, check_equivalence, context, context_unredacted,
    finished_body, floor_body, floor_response, hand_response, hand_response_generated,
    http_api_problem_response, problem_details_response,
};

/// One warm call, then the allocations of the next.
fn allocations<T>(mut f: impl FnMut() -> T) -> u64 {
    drop(f());
    counting::allocations(f)
}

fn print_allocations() {
    println!("allocations per response (problem format unless noted)");
    println!(
        "{:<18} {:>9} {:>5} {:>17} {:>16} {:>11} {:>15} {:>18} {:>14}",
        "case",
        "apierror",
        "hand",
        "http-api-problem",
        "problem_details",
        "floor body",
        "floor response",
        "apierror envelope",
        "hand envelope"
    );
    for case in cases() {
        let error = &case.error;
        let (problem, envelope) = (context(Format::Problem), context(Format::Envelope));
        let finished = finished_body(&case, Format::Problem);
        println!(
            "{:<18} {:>9} {:>5} {:>17} {:>16} {:>11} {:>15} {:>18} {:>14}",
            case.name,
            allocations(|| apierror_response(error, &problem)),
            allocations(|| hand_response(error, TRACE_ID, Format::Problem)),
            allocations(|| http_api_problem_response(error, TRACE_ID)),
            allocations(|| problem_details_response(error, TRACE_ID)),
            allocations(|| floor_body(&finished)),
            allocations(|| floor_response(error, &finished, Format::Problem)),
            allocations(|| apierror_response(error, &envelope)),
            allocations(|| hand_response(error, TRACE_ID, Format::Envelope)),
        );
    }
    let unit = &cases()[0].error;
    let generated = Context::default();
    println!(
        "{:<18} {:>9} {:>5}",
        "unit, generated id",
        allocations(|| apierror_response(unit, &generated)),
        allocations(|| hand_response_generated(unit, Format::Problem)),
    );
    println!();
}

fn render(c: &mut Criterion) {
    for case in cases() {
        check_equivalence(&case);
    }
    print_allocations();
    for case in cases() {
        let error = &case.error;
        for format in [Format::Problem, Format::Envelope] {
            let name = match format {
                Format::Envelope => "envelope",
                _ => "problem",
            };
            let ctx = context(format);
            let finished = finished_body(&case, format);
            let mut group = c.benchmark_group(format!("{name}/{}", case.name));
            group.bench_function("apierror", |b| {
                b.iter(|| apierror_response(black_box(error), black_box(&ctx)))
            });
            group.bench_function("hand", |b| {
                b.iter(|| hand_response(black_box(error), black_box(TRACE_ID), format))
            });
            if format == Format::Problem {
                group.bench_function("http-api-problem", |b| {
                    b.iter(|| http_api_problem_response(black_box(error), black_box(TRACE_ID)))
                });
                group.bench_function("problem_details", |b| {
                    b.iter(|| problem_details_response(black_box(error), black_box(TRACE_ID)))
                });
            }
            group.bench_function("floor", |b| b.iter(|| floor_body(black_box(&finished))));
            group.bench_function("floor-response", |b| {
                b.iter(|| floor_response(black_box(error), black_box(&finished), format))
            });
            if case.name == "unit" {
                let unredacted = context_unredacted(format);
                group.bench_function("apierror-unredacted", |b| {
                    b.iter(|| apierror_response(black_box(error), black_box(&unredacted)))
                });
            }
            group.finish();
        }
    }
    // Each built-in wire format against the problem document, for the same error:
    // the whole response, as `apierror/` above.
    for case in cases() {
        let mut group = c.benchmark_group(format!("formats/{}", case.name));
        for format in [
            Format::Problem,
            Format::Google,
            Format::Microsoft,
            Format::JsonApi,
            Format::FastApi,
        ] {
            let ctx = context(format);
            group.bench_function(format.name(), |b| {
                b.iter(|| apierror_response(black_box(&case.error), black_box(&ctx)))
            });
        }
        group.finish();
    }
    // Localization (issue 16): the same 404 unlocalized, and localized in the default
    // locale, in German by `with_locale`, and in German from `Accept-Language`.
    let mut group = c.benchmark_group("localization/not_found");
    for (name, ctx) in localized::contexts() {
        group.bench_function(name, |b| {
            b.iter(|| localized::response(black_box(name), black_box(&ctx)))
        });
    }
    group.finish();
    let unit = &cases()[0].error;
    let generated = Context::default();
    let mut group = c.benchmark_group("generated_trace_id/unit");
    group.bench_function("apierror", |b| {
        b.iter(|| apierror_response(black_box(unit), black_box(&generated)))
    });
    group.bench_function("hand", |b| {
        b.iter(|| hand_response_generated(black_box(unit), Format::Problem))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
