//! The SQL the domain writes is SQLite's; this is the one place that says how PostgreSQL spells
//! what differs. Only the code between quotes is rewritten: string literals and quoted names pass
//! through untouched.
//!
//! | SQLite                   | PostgreSQL                          | why                                  |
//! |--------------------------|-------------------------------------|--------------------------------------|
//! | `?1`, `?`                | `$1`, `$n`                          | placeholders                         |
//! | `a IS ?1` / `IS NOT ?1`  | `IS NOT DISTINCT FROM` / `IS DISTINCT FROM` | null-safe comparison with a value |
//! | `LIKE`                   | `ILIKE`                             | SQLite's LIKE ignores ASCII case     |
//! | `group_concat(x, s)`     | `string_agg(x, s)`                  | aggregate of text                    |
//! | `json_each(?1)` (value)  | `json_array_elements_text($1::json)` (value) | a JSON array as rows        |
//! | `char(10)`               | `chr(10)`                           | a character by code                  |

/// `sql` (SQLite dialect) as PostgreSQL reads it.
pub fn to_postgres(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut code = String::new();
    let mut next_bare = 1u32;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push_str(&rewrite_code(&std::mem::take(&mut code)));
                out.push(c);
                // Copy the quoted run verbatim; a doubled quote is an escaped quote.
                while let Some(q) = chars.next() {
                    out.push(q);
                    if q == c {
                        if chars.peek() == Some(&c) {
                            out.push(c);
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    digits.push(*d);
                    chars.next();
                }
                let n = if digits.is_empty() {
                    next_bare
                } else {
                    digits.parse().unwrap_or(next_bare)
                };
                next_bare = next_bare.max(n + 1);
                code.push('$');
                code.push_str(&n.to_string());
            }
            _ => code.push(c),
        }
    }
    out.push_str(&rewrite_code(&code));
    out
}

/// Rewrites one unquoted run of SQL.
fn rewrite_code(code: &str) -> String {
    if code.is_empty() {
        return String::new();
    }
    let mut s = replace_word(code, "group_concat(", "string_agg(");
    s = replace_word(&s, "char(", "chr(");
    s = replace_word(&s, "LIKE", "ILIKE");
    s = replace_word(&s, "IS NOT $", "IS DISTINCT FROM $");
    s = replace_word(&s, "IS $", "IS NOT DISTINCT FROM $");
    s = json_each(&s);
    s
}

/// `json_each($N)` → `json_array_elements_text($N::json)`: both yield a column named `value`.
fn json_each(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = find_word(rest, "json_each($") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "json_each(".len()..];
        let end = after.find(')').unwrap_or(after.len());
        out.push_str("json_array_elements_text(");
        out.push_str(&after[..end]);
        out.push_str("::json");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Replaces `word` (ASCII, case-insensitive) where it starts and ends on a word boundary.
fn replace_word(code: &str, word: &str, with: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = find_word(rest, word) {
        out.push_str(&rest[..at]);
        out.push_str(with);
        rest = &rest[at + word.len()..];
    }
    out.push_str(rest);
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The byte offset of the first whole-word, case-insensitive match of `word` in `code`.
fn find_word(code: &str, word: &str) -> Option<usize> {
    let lower = code.to_ascii_lowercase();
    let needle = word.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let at = from + i;
        let before_ok = code[..at].chars().next_back().is_none_or(|c| !is_word(c));
        let end = at + needle.len();
        let last_is_word = needle.chars().next_back().is_some_and(is_word);
        let after_ok = !last_is_word || code[end..].chars().next().is_none_or(|c| !is_word(c));
        if before_ok && after_ok {
            return Some(at);
        }
        from = at + needle.len().max(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::to_postgres;

    #[test]
    fn placeholders_become_numbered_dollars_outside_quotes() {
        assert_eq!(
            to_postgres("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND d = ?2"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND d = $2"
        );
        // Bare `?` count on from the highest number seen, as SQLite numbers them.
        assert_eq!(
            to_postgres("x = ? AND y = ? LIMIT ?3"),
            "x = $1 AND y = $2 LIMIT $3"
        );
    }

    #[test]
    fn sqlite_spellings_become_postgres_spellings() {
        assert_eq!(
            to_postgres("SELECT group_concat(p.name, ' ') FROM p WHERE n LIKE ?1 ESCAPE '\\'"),
            "SELECT string_agg(p.name, ' ') FROM p WHERE n ILIKE $1 ESCAPE '\\'"
        );
        assert_eq!(
            to_postgres("WHERE id IS NOT ?2 AND x IS ?1 AND y IS NOT NULL"),
            "WHERE id IS DISTINCT FROM $2 AND x IS NOT DISTINCT FROM $1 AND y IS NOT NULL"
        );
        assert_eq!(
            to_postgres("code IN (SELECT value FROM json_each(?3))"),
            "code IN (SELECT value FROM json_array_elements_text($3::json))"
        );
        // Names that merely contain a keyword are left alone; so is text in quotes.
        assert_eq!(
            to_postgres("SELECT unlike, 'a LIKE b' FROM t WHERE n NOT LIKE 'x'"),
            "SELECT unlike, 'a LIKE b' FROM t WHERE n NOT ILIKE 'x'"
        );
    }
}
