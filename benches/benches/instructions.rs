//! Instruction counts: runs one implementation of one case in a loop, to be run
//! under `valgrind --tool=callgrind` by `benches/callgrind.sh`, which subtracts a
//! short run from a long one so that start-up and first-call costs cancel out.
//!
//! Usage: `instructions <case> <problem|envelope|generated> <impl> <iterations>`,
//! impl one of `apierror`, `hand`, `http-api-problem`, `problem_details`, `floor`,
//! `floor-response`; the format may also be `problem-unredacted` or
//! `envelope-unredacted` (apierror with redaction off), or one of the wire formats
//! `google`, `microsoft`, `jsonapi`, `fastapi` (apierror only).
//! `instructions localization <context> apierror <iterations>` runs the localization
//! benchmark's 404 in one of its contexts (`unlocalized`, `default-locale`,
//! `with-locale-de`, `accept-language-de`).
//! Run by `cargo bench` without those arguments, it does nothing.

mod common;
mod localized;

use std::hint::black_box;

use apierror::{Context, Format};

use common::{
    TRACE_ID, apierror_response, cases, context, context_unredacted, finished_body, floor_body,
    floor_response, hand_response, hand_response_generated, http_api_problem_response,
    problem_details_response,
};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [case, format, implementation, iterations] = args.as_slice() else {
        println!("instructions: run benches/callgrind.sh (this target needs valgrind)");
        return;
    };
    if case == "localization" {
        return run_localized(format, iterations);
    }
    let Some(case) = cases().into_iter().find(|c| c.name == case) else {
        panic!("unknown case {case}");
    };
    let iterations: u64 = iterations.parse().expect("a number of iterations");
    let (format, ctx) = match format.as_str() {
        "problem" => (Format::Problem, context(Format::Problem)),
        "envelope" => (Format::Envelope, context(Format::Envelope)),
        "problem-unredacted" => (Format::Problem, context_unredacted(Format::Problem)),
        "envelope-unredacted" => (Format::Envelope, context_unredacted(Format::Envelope)),
        "generated" => (Format::Problem, Context::default()),
        "google" => (Format::Google, context(Format::Google)),
        "microsoft" => (Format::Microsoft, context(Format::Microsoft)),
        "jsonapi" => (Format::JsonApi, context(Format::JsonApi)),
        "fastapi" => (Format::FastApi, context(Format::FastApi)),
        other => panic!("unknown format {other}"),
    };
    let generated = ctx.trace_id().is_none();
    let finished = finished_body(&case, format);
    let error = &case.error;
    let run = || -> usize {
        match (implementation.as_str(), generated) {
            ("apierror", _) => apierror_response(black_box(error), black_box(&ctx))
                .body()
                .len(),
            ("hand", false) => hand_response(black_box(error), black_box(TRACE_ID), format)
                .body()
                .len(),
            ("hand", true) => hand_response_generated(black_box(error), format)
                .body()
                .len(),
            ("http-api-problem", false) => {
                http_api_problem_response(black_box(error), black_box(TRACE_ID))
                    .body()
                    .len()
            }
            ("problem_details", false) => {
                problem_details_response(black_box(error), black_box(TRACE_ID))
                    .body()
                    .len()
            }
            ("floor", false) => floor_body(black_box(&finished)).len(),
            ("floor-response", false) => {
                floor_response(black_box(error), black_box(&finished), format)
                    .body()
                    .len()
            }
            (other, _) => panic!("unknown implementation {other} for this format"),
        }
    };
    let mut total = 0;
    for _ in 0..iterations {
        total += run();
    }
    black_box(total);
}

/// The localization benchmark's 404 in the context named `name`, `iterations` times.
fn run_localized(name: &str, iterations: &str) {
    let iterations: u64 = iterations.parse().expect("a number of iterations");
    let Some((name, ctx)) = localized::contexts()
        .into_iter()
        .find(|(known, _)| *known == name)
    else {
        panic!("unknown localization context {name}");
    };
    let mut total = 0;
    for _ in 0..iterations {
        total += localized::response(black_box(name), black_box(&ctx))
            .body()
            .len();
    }
    black_box(total);
}
