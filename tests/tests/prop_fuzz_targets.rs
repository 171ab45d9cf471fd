//! The fuzz targets' checks (`apierror_tests::fuzz`), driven by proptest on stable so
//! that `cargo test` explores beyond the seed corpus too: arbitrary JSON objects for
//! `Problem` (members of every type in the standard members' places), structured
//! header values for trace ids, and structured inputs for rendering.

use apierror_tests::fuzz::{self, SEPARATOR};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e300f64..1e300).prop_map(Value::from),
        (0u64..1000).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// An object whose standard members, when present, hold values of any type.
fn problem_object() -> impl Strategy<Value = Value> {
    let member = || proptest::option::of(json_value());
    (
        [member(), member(), member(), member(), member()],
        proptest::collection::btree_map("[a-z_]{1,8}", json_value(), 0..4),
    )
        .prop_map(|(standard, extensions)| {
            let mut object: Map<String, Value> = extensions.into_iter().collect();
            for (name, value) in ["type", "title", "status", "detail", "instance"]
                .into_iter()
                .zip(standard)
            {
                if let Some(value) = value {
                    object.insert(name.to_owned(), value);
                }
            }
            Value::Object(object)
        })
}

fn header_value() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        "[A-Za-z0-9._:-]{1,130}".prop_map(String::into_bytes),
        "00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}".prop_map(String::into_bytes),
        "[0-9A-Fa-f]{2}-[0-9A-Fa-f]{32}-[0-9A-Fa-f]{16}-[0-9A-Fa-f]{2}(-[0-9a-f]{0,3})?"
            .prop_map(String::into_bytes),
        any::<String>().prop_map(String::into_bytes),
        proptest::collection::vec(
            any::<u8>().prop_filter("not the separator", |b| *b != SEPARATOR),
            0..140
        ),
    ]
}

fn joined(parts: Vec<Vec<u8>>) -> Vec<u8> {
    parts.join(&SEPARATOR)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn problem_from_any_object(object in problem_object()) {
        let bytes = serde_json::to_vec(&object).expect("a value serializes");
        fuzz::problem(&bytes);
    }

    #[test]
    fn problem_from_any_json(value in json_value()) {
        fuzz::problem(&serde_json::to_vec(&value).expect("a value serializes"));
        fuzz::problem(&serde_json::to_vec(&json!({ "wrapped": value })).expect("a value serializes"));
    }

    #[test]
    fn problem_from_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        fuzz::problem(&bytes);
    }

    #[test]
    fn trace_ids_from_any_headers(parts in proptest::collection::vec(header_value(), 1..4)) {
        fuzz::trace_id(&joined(parts.clone()));
        for part in parts {
            fuzz::trace_id(&part);
        }
    }

    #[test]
    fn rendering_any_strings(
        flags in any::<[u8; 4]>(),
        parts in proptest::collection::vec(any::<String>().prop_map(String::into_bytes), 0..12),
    ) {
        let mut input = flags.to_vec();
        input.extend(joined(parts));
        fuzz::render(&input);
    }
}
