//! The list of importable kinds, for menus (the desktop's import screen lists whatever exists).

use super::Kind;

impl Kind {
    /// Every kind a sheet can be imported as, in menu order.
    pub const ALL: &'static [Kind] = &[Kind::Applications];

    /// The spelling [`Kind::parse`] accepts and serde writes.
    pub fn as_str(self) -> &'static str {
        // Exhaustive on purpose: a new kind fails to compile here until it is named, and then
        // belongs in `ALL` too (the test below checks the two agree).
        match self {
            Kind::Applications => "applications",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_kind_parses_back_from_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()).unwrap(), *kind);
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
    }
}
