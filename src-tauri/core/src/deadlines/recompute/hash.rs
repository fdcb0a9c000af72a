//! Hashing for the recompute: a multiply-shift hasher for the (application, key) map and FNV-1a for
//! the stored fingerprints (stable across toolchains, unlike `DefaultHasher`), and what an
//! application's deadlines depend on: the shipped rules and calendars, the engine revision, its facts.

use std::hash::Hasher;

use chrono::NaiveDate;

use crate::deadlines::facts::ApplicationFacts;

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

/// What an application's deadlines depend on besides the code: the shipped rule table and
/// calendars, the engine revision, and its own facts.
pub(super) fn facts_hash(base: u64, app: &ApplicationFacts) -> i64 {
    let mut f = Fnv(base);
    f.bytes(app.status.as_str().as_bytes())
        .bytes(app.facts.office.as_bytes())
        .bytes(app.facts.right.as_str().as_bytes())
        .bytes(&[u8::from(
            app.facts.applicant == crate::docket::ApplicantKind::Overseas,
        )])
        .bytes(&app.facts.paid_through.unwrap_or(0).to_le_bytes());
    for (k, d) in &app.facts.dates {
        f.bytes(k.as_bytes()).date(*d);
    }
    for (o, r) in &app.office_actions {
        f.date(*o);
        if let Some(r) = r {
            f.date(*r);
        }
    }
    f.finish()
}

/// The hash of what every application's deadlines depend on: computed once per recompute.
pub(super) fn shipped_hash() -> u64 {
    let mut f = Fnv::new();
    f.bytes(ENGINE_REVISION.as_bytes())
        .bytes(crate::docket::rules::RULES_TOML.as_bytes())
        .bytes(crate::docket::calendar::CLOSING_DAYS.as_bytes())
        .bytes(crate::docket::calendar::national::CN_DAYS.as_bytes())
        .bytes(crate::docket::calendar::national::KR_DAYS.as_bytes())
        .bytes(&crate::docket::calendar::jp::LAST_OFFICIAL_YEAR.to_le_bytes());
    f.0
}

/// Changes whenever the engine's counting changes in a way the rule table does not show.
const ENGINE_REVISION: &str = concat!("docket-engine-3/", env!("CARGO_PKG_VERSION"));
