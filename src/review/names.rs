//! Short tags for annotators, unique among those shown: initials, longer where two
//! share them (`alice`, `bob` → `A`, `B`; `anna`, `alex` → `An`, `Al`).

/// A tag for each of `names`, in order: the fewest leading characters (the first in
/// upper case) that no other name shown shares. A name that is a prefix of another is
/// shown whole, and then the other longer, so the tags still differ.
pub fn short_names(names: &[String]) -> Vec<String> {
    let chars: Vec<Vec<char>> = names.iter().map(|n| n.chars().collect()).collect();
    let tag = |c: &[char], len: usize| -> String {
        let mut out: String = c.iter().take(len).collect();
        if let Some(first) = out.chars().next() {
            out = first.to_uppercase().chain(out.chars().skip(1)).collect();
        }
        out
    };
    (0..names.len())
        .map(|i| {
            let mine = &chars[i];
            // The shortest prefix that no other name starts with.
            (1..=mine.len())
                .find(|&len| {
                    chars
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| j != i)
                        .all(|(_, other)| other.len() < len || other[..len] != mine[..len])
                })
                .map_or_else(|| tag(mine, mine.len()), |len| tag(mine, len))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(names: &[&str]) -> Vec<String> {
        short_names(&names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn initials_longer_where_two_share_them() {
        assert_eq!(tags(&["alice", "bob", "carol"]), ["A", "B", "C"]);
        assert_eq!(tags(&["anna", "alex", "bob"]), ["An", "Al", "B"]);
        assert_eq!(tags(&["maria", "marie"]), ["Maria", "Marie"]);
        // A name inside another: the short one whole, the long one one letter longer.
        assert_eq!(tags(&["al", "alan"]), ["Al", "Ala"]);
        assert_eq!(tags(&["émile", "ezra"]), ["É", "E"]);
        assert_eq!(tags(&["سارة", "سامي"]), ["سار", "سام"]);
        let all = tags(&["al", "alan", "ala"]);
        assert_eq!(all.len(), 3);
        assert!(
            all[0] != all[1] && all[1] != all[2] && all[0] != all[2],
            "{all:?}"
        );
    }
}
