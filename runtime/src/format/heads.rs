//! The parts of a built-in format's body that depend on the variant alone (Google's
//! head and `ErrorInfo`, with the code converted to a reason; Microsoft's head;
//! JSON:API's status, title, code and type link), written once per
//! descriptor and then copied, as the problem document's head is copied from the
//! text the derive joined. The derive could join them too, but only at a cost to
//! every build (issue 19); made here, they cost only the services that answer in
//! these formats.
//!
//! They are kept in a fixed table of first-come slots, indexed by the descriptor's
//! address: a slot holds the first part written into it for good, so the memory is
//! bounded whatever the number of descriptors, and a part whose slot another holds
//! is written each time, as before.

use std::sync::OnceLock;

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
}

/// One part written once: whose it is, and its bytes.
struct Written {
    descriptor: usize,
    part: Part,
    bytes: Box<[u8]>,
}

/// How many parts are kept (about 40 bytes each when empty).
const SLOTS: usize = 1024;

static WRITTEN: [OnceLock<Written>; SLOTS] = [const { OnceLock::new() }; SLOTS];

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

/// [`push`] with the slot given: copied when it holds the part, written and kept
/// when it is free, written only when it holds another.
#[inline]
fn push_in(
    slot: &OnceLock<Written>,
    out: &mut Vec<u8>,
    (descriptor, part): (usize, Part),
    write: impl FnOnce(&mut Vec<u8>),
) {
    match slot.get() {
        Some(written) if written.descriptor == descriptor && written.part == part => {
            out.extend_from_slice(&written.bytes);
        }
        Some(_) => write(out),
        None => {
            let start = out.len();
            write(out);
            let bytes = out[start..].into();
            // Another thread may have filled it meanwhile: its part is kept.
            let _ = slot.set(Written {
                descriptor,
                part,
                bytes,
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

    use super::{Part, SLOTS, push_in, slot};

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
