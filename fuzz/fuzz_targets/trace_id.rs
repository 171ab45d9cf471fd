//! `apierror_tests::fuzz::trace_id` under libFuzzer; see that function for the properties.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| apierror_tests::fuzz::trace_id(data));
