//! Natural order of names: numbers inside names sort as numbers, so `doc-2` comes before
//! `doc-10`, as a person reading the list expects.

use std::cmp::Ordering;
use std::iter::Peekable;
use std::str::Chars;

/// Compares `a` and `b` naturally: runs of ASCII digits compare by their value (then, for
/// equal values, the shorter run, so `007` after `7`), everything else character by
/// character. Names that compare equal this way fall back to plain order, so the result
/// is a total order consistent with equality.
///
/// ```
/// use spantag::model::order::natural_cmp;
/// let mut ids = vec!["doc-10", "doc-2", "doc-1", "Doc-3"];
/// ids.sort_by(|a, b| natural_cmp(a, b));
/// assert_eq!(ids, ["Doc-3", "doc-1", "doc-2", "doc-10"]);
/// ```
pub fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let (m, n) = (digits(&mut x), digits(&mut y));
                let (mt, nt) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
                let by_value = mt.len().cmp(&nt.len()).then_with(|| mt.cmp(nt));
                match by_value.then_with(|| m.len().cmp(&n.len())) {
                    Ordering::Equal => {}
                    other => return other,
                }
            }
            (Some(c), Some(d)) => {
                match c.cmp(&d) {
                    Ordering::Equal => {}
                    other => return other,
                }
                x.next();
                y.next();
            }
        }
    }
}

fn digits(chars: &mut Peekable<Chars<'_>>) -> String {
    let mut run = String::new();
    while let Some(c) = chars.next_if(char::is_ascii_digit) {
        run.push(c);
    }
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
        v.sort_by(|a, b| natural_cmp(a, b));
        v
    }

    #[test]
    fn numbers_sort_as_numbers() {
        assert_eq!(
            sorted(&["doc-10", "doc-2", "doc-1", "doc-02", "doc-1a", "doc"]),
            ["doc", "doc-1", "doc-1a", "doc-2", "doc-02", "doc-10"]
        );
        assert_eq!(
            sorted(&["conll-0100", "conll-0099", "conll-0101"]),
            ["conll-0099", "conll-0100", "conll-0101"]
        );
        assert_eq!(
            sorted(&["a99999999999999999999999b", "a100000000000000000000000"]),
            ["a99999999999999999999999b", "a100000000000000000000000"]
        );
        assert_eq!(natural_cmp("x7", "x007"), Ordering::Less);
        assert_eq!(natural_cmp("same", "same"), Ordering::Equal);
    }
}
