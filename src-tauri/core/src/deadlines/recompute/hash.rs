//! Hashing for the recompute: a multiply-shift hasher for the (application, key) map and FNV-1a for
//! the stored fingerprints (stable across toolchains, unlike `DefaultHasher`).

use std::hash::Hasher;

use chrono::NaiveDate;

#[derive(Default)]
pub(super) struct PairHasher(u64);

impl Hasher for PairHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn write_i64(&mut self, i: i64) {
        self.0 = (self.0.rotate_left(29) ^ u64::from_le_bytes(i.to_le_bytes()))
            .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// FNV-1a, 64 bits: a stable hash (the fingerprint is stored, so it must not change with the
/// toolchain as `DefaultHasher` may).
pub(super) struct Fnv(pub(super) u64);

impl Fnv {
    pub(super) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    pub(super) fn bytes(&mut self, b: &[u8]) -> &mut Fnv {
        for x in b {
            self.0 ^= u64::from(*x);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        self
    }
    pub(super) fn date(&mut self, d: NaiveDate) -> &mut Fnv {
        self.bytes(&chrono::Datelike::num_days_from_ce(&d).to_le_bytes())
    }
    pub(super) fn finish(&self) -> i64 {
        i64::from_le_bytes(self.0.to_le_bytes())
    }
}

pub(super) fn key_hash(k: &str) -> i64 {
    Fnv::new().bytes(k.as_bytes()).finish()
}
