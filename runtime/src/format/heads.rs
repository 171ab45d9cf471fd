//! The parts of a built-in format's body that depend on the variant alone (Google's
//! head and `ErrorInfo`, with the code converted to a reason; Microsoft's head;
//! JSON:API's status, title, code and type link), written once per
//! descriptor and then copied, as the problem document's head is copied from the
//! text the derive joined. The derive could join them too, but only at a cost to
//! every build (issue 19); made here, they cost only the services that answer in
//! these formats.
//!
//! Microsoft's `x-ms-error-code` value, the code as a header value, is made once per
//! descriptor the same way: checked byte by byte the first time, cloned after (a
//! clone of a `'static` text's `HeaderValue` copies two words).
//!
//! They are kept in fixed tables of first-come slots, indexed by the descriptor's
//! address: a slot holds the first part written into it for good, so the memory is
//! bounded whatever the number of descriptors, and a part whose slot another holds
//! is written each time, as before.

use std::sync::OnceLock;

use http::HeaderValue;

use crate::ErrorDescriptor;

/// A part of a body that depends on the descriptor alone.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Part {
    /// `{"error":{"code":…,"status":…,"message":`.
    GoogleHead,
    /// `,"details":[{"@type":…ErrorInfo","reason":…,"domain":…`.
    GoogleErrorInfo,
    /// `{"error":{"code":…,"message":`.
    MicrosoftHead,
    /// `,"status":"404","title":…`, after the error object's `id`.
    JsonApiStatus,
    /// `,"code":…` and, unless the type URI is `about:blank`, `,"links":{"type":…`.
    JsonApiCode,
    /// Microsoft's `x-ms-error-code` value (a header value, not body bytes).
    MicrosoftCodeHeader,
}

/// One part made once: whose it is, and what was made (body bytes or a header value).
struct Kept<T> {
    descriptor: usize,
    part: Part,
    value: T,
}

/// How many parts of each kind are kept (about 40 bytes a slot for body parts, 64
/// for header values; untouched slots are never paged in).
const SLOTS: usize = 1024;

static WRITTEN: [OnceLock<Kept<Box<[u8]>>>; SLOTS] = [const { OnceLock::new() }; SLOTS];

static HEADER_VALUES: [OnceLock<Kept<HeaderValue>>; SLOTS] = [const { OnceLock::new() }; SLOTS];

/// Appends `descriptor`'s `part` as `write` writes it, which depends on nothing
/// else: copied when it was written before.
#[inline]
pub(crate) fn push(
    out: &mut Vec<u8>,
    descriptor: &'static ErrorDescriptor,
    part: Part,
    write: impl FnOnce(&mut Vec<u8>),
) {
    let address = std::ptr::from_ref(descriptor) as usize;
    push_in(&WRITTEN[slot(address, part)], out, (address, part), write);
}

/// `descriptor`'s header value `part` as `make` makes it, which depends on nothing
/// else: cloned when it was made before.
#[inline]
pub(crate) fn header_value(
    descriptor: &'static ErrorDescriptor,
    part: Part,
    make: impl FnOnce() -> Option<HeaderValue>,
) -> Option<HeaderValue> {
    let address = std::ptr::from_ref(descriptor) as usize;
    header_value_in(&HEADER_VALUES[slot(address, part)], (address, part), make)
}

/// [`header_value`] with the slot given: cloned when it holds the value, made and
/// kept when it is free, made only when it holds another's.
#[inline]
fn header_value_in(
    slot: &OnceLock<Kept<HeaderValue>>,
    (descriptor, part): (usize, Part),
    make: impl FnOnce() -> Option<HeaderValue>,
) -> Option<HeaderValue> {
    match slot.get() {
        Some(kept) if kept.descriptor == descriptor && kept.part == part => {
            Some(kept.value.clone())
        }
        Some(_) => make(),
        None => {
            let value = make()?;
            // Another thread may have filled it meanwhile: its value is kept.
            let _ = slot.set(Kept {
                descriptor,
                part,
                value: value.clone(),
            });
            Some(value)
        }
    }
}

/// [`push`] with the slot given: copied when it holds the part, written and kept
/// when it is free, written only when it holds another.
#[inline]
fn push_in(
    slot: &OnceLock<Kept<Box<[u8]>>>,
    out: &mut Vec<u8>,
    (descriptor, part): (usize, Part),
    write: impl FnOnce(&mut Vec<u8>),
) {
    match slot.get() {
        Some(kept) if kept.descriptor == descriptor && kept.part == part => {
            out.extend_from_slice(&kept.value);
        }
        Some(_) => write(out),
        None => {
            let start = out.len();
            write(out);
            let bytes = out[start..].into();
            // Another thread may have filled it meanwhile: its part is kept.
            let _ = slot.set(Kept {
                descriptor,
                part,
                value: bytes,
            });
        }
    }
}

/// The slot of a part: descriptors sit in arrays a few hundred bytes apart, so the
/// address is mixed before its top bits are taken.
fn slot(address: usize, part: Part) -> usize {
    let mixed = (address as u64 ^ part as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mixed >> (64 - SLOTS.trailing_zeros())) as usize
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use http::HeaderValue;

    use super::{Part, SLOTS, header_value_in, push_in, slot};

    fn written(text: &str) -> impl FnOnce(&mut Vec<u8>) + '_ {
        move |out: &mut Vec<u8>| out.extend_from_slice(text.as_bytes())
    }

    #[test]
    fn a_part_is_copied_once_written_and_a_slot_kept_by_another_is_written_through() {
        let slot = OnceLock::new();
        let mut out = b"{".to_vec();
        push_in(&slot, &mut out, (1, Part::GoogleHead), written("one"));
        push_in(&slot, &mut out, (1, Part::GoogleHead), |_| panic!("copied"));
        // The same descriptor's other part, and another descriptor's same part.
        push_in(&slot, &mut out, (1, Part::GoogleErrorInfo), written("two"));
        push_in(&slot, &mut out, (2, Part::GoogleHead), written("three"));
        push_in(&slot, &mut out, (1, Part::GoogleHead), |_| panic!("copied"));
        assert_eq!(out, b"{oneonetwothreeone");
    }

    #[test]
    fn a_header_value_is_cloned_once_made_and_a_slot_kept_by_another_is_made_through() {
        let made = |text: &'static str| move || Some(HeaderValue::from_static(text));
        let code = Part::MicrosoftCodeHeader;
        let slot = OnceLock::new();
        let mut answers = vec![header_value_in(&slot, (1, code), made("one"))];
        answers.push(header_value_in(&slot, (1, code), || panic!("cloned")));
        // Another descriptor's value, and the same descriptor's other part.
        answers.push(header_value_in(&slot, (2, code), made("two")));
        let head = Part::MicrosoftHead;
        answers.push(header_value_in(&slot, (1, head), made("three")));
        answers.push(header_value_in(&slot, (1, code), || panic!("cloned")));
        // A value that cannot be made leaves its slot free for the next.
        let free = OnceLock::new();
        answers.push(header_value_in(&free, (3, code), || None));
        answers.push(header_value_in(&free, (3, code), made("four")));
        answers.push(header_value_in(&free, (3, code), || panic!("cloned")));
        let answers: Vec<_> = answers
            .iter()
            .map(|value| {
                value
                    .as_ref()
                    .map(|value| value.to_str().expect("an ASCII value"))
            })
            .collect();
        let expected = ["one", "one", "two", "three", "one"].map(Some);
        let expected = [&expected[..], &[None], &[Some("four"); 2]].concat();
        assert_eq!(answers, expected);
    }

    #[test]
    fn slots_spread_descriptors_of_one_array() {
        // Descriptors in a catalog, a few hundred bytes apart.
        let base = 0x5555_0000_1000_usize;
        let mut used: Vec<usize> = (0..64)
            .map(|index| slot(base + index * 312, Part::GoogleHead))
            .collect();
        assert!(used.iter().all(|slot| *slot < SLOTS));
        used.sort_unstable();
        used.dedup();
        assert!(
            used.len() >= 56,
            "64 descriptors took only {} slots",
            used.len()
        );
    }
}
