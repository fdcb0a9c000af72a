//! The list of importable kinds is `Kind::ALL` (import.rs); menus such as the desktop's import
//! screen list whatever it holds. This checks the list and the spellings agree.

#[cfg(test)]
mod tests {
    use super::super::Kind;

    #[test]
    fn every_listed_kind_parses_back_from_its_name() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()).unwrap(), kind);
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::json!(kind.as_str())
            );
        }
    }
}
