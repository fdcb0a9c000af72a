//! Store-level docket tests.
