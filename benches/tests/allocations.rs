//! The benchmarks' promises, checked on every test run: apierror answers each case
//! with exactly the hand-written code's response (byte for byte), the same document
//! as the peer crates, and with no more allocations than the floor of a response.

#[path = "../benches/common/mod.rs"]
mod common;
#[path = "../benches/common/counting.rs"]
mod counting;

use apierror::Format;

use common::{
    TRACE_ID, apierror_response, cases, check_equivalence, context, finished_body, floor_response,
    hand_response,
};

/// One warm call, then the allocations of the next.
fn allocations<T>(mut f: impl FnMut() -> T) -> u64 {
    drop(f());
    counting::allocations(f)
}

#[test]
fn every_implementation_answers_the_same() {
    for case in cases() {
        check_equivalence(&case);
    }
}

#[test]
fn apierror_allocates_no_more_than_the_floor_of_a_response() {
    for case in cases() {
        for format in [Format::Problem, Format::Envelope] {
            let error = &case.error;
            let ctx = context(format);
            let finished = finished_body(&case, format);
            let ours = allocations(|| apierror_response(error, &ctx));
            let hand = allocations(|| hand_response(error, TRACE_ID, format));
            let floor = allocations(|| floor_response(error, &finished, format));
            assert!(
                ours <= floor && ours <= hand,
                "{} {format:?}: apierror {ours}, floor {floor}, hand-written {hand}",
                case.name
            );
        }
    }
}
