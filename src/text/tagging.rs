//! Token tag schemes (IOB2, IOB1, BILOU): entities over token indices to one tag per
//! token, and back, with malformed sequences reported at the token where they break.

use thiserror::Error;

/// A tag scheme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `B-` starts every entity, `I-` continues it (CoNLL-2003 as most tools use it).
    #[default]
    Iob2,
    /// `I-` everywhere, `B-` only where an entity directly follows one of the same label.
    Iob1,
    /// `B-` begin, `I-` inside, `L-` last, `U-` a one-token entity.
    Bilou,
}

impl Scheme {
    /// The prefixes this scheme uses, in tag-id order after `O`.
    pub fn prefixes(self) -> &'static [&'static str] {
        match self {
            Scheme::Iob2 | Scheme::Iob1 => &["B", "I"],
            Scheme::Bilou => &["B", "I", "L", "U"],
        }
    }

    /// Every tag name, `O` first, then each label with each prefix (for `labels.json`).
    pub fn tag_names<'a>(self, labels: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut names = vec!["O".to_owned()];
        for label in labels {
            for prefix in self.prefixes() {
                names.push(format!("{prefix}-{label}"));
            }
        }
        names
    }
}

/// One entity over tokens `first..=last` of a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenEntity {
    /// Index of the first token.
    pub first: usize,
    /// Index of the last token (inclusive).
    pub last: usize,
    /// The label.
    pub label: String,
}

/// Tags for the `n` tokens of one sentence. Entities must not overlap.
///
/// ```
/// use spantag::text::tagging::{Scheme, TokenEntity, encode};
/// let e = |first, last, label: &str| TokenEntity { first, last, label: label.into() };
/// let entities = [e(0, 1, "actor"), e(2, 2, "actor"), e(4, 4, "location")];
/// assert_eq!(encode(5, &entities, Scheme::Iob2), ["B-actor", "I-actor", "B-actor", "O", "B-location"]);
/// assert_eq!(encode(5, &entities, Scheme::Iob1), ["I-actor", "I-actor", "B-actor", "O", "I-location"]);
/// assert_eq!(encode(5, &entities, Scheme::Bilou), ["B-actor", "L-actor", "U-actor", "O", "U-location"]);
/// ```
pub fn encode(n: usize, entities: &[TokenEntity], scheme: Scheme) -> Vec<String> {
    let mut tags = vec!["O".to_owned(); n];
    let mut sorted: Vec<&TokenEntity> = entities.iter().collect();
    sorted.sort_by_key(|e| e.first);
    let mut previous: Option<&TokenEntity> = None;
    for entity in sorted {
        let label = &entity.label;
        for (k, tag) in tags[entity.first..=entity.last].iter_mut().enumerate() {
            let single = entity.first == entity.last;
            let prefix = match scheme {
                Scheme::Iob2 => {
                    if k == 0 {
                        "B"
                    } else {
                        "I"
                    }
                }
                Scheme::Iob1 => {
                    let touches_same =
                        previous.is_some_and(|p| p.last + 1 == entity.first && &p.label == label);
                    if k == 0 && touches_same { "B" } else { "I" }
                }
                Scheme::Bilou => {
                    if single {
                        "U"
                    } else if k == 0 {
                        "B"
                    } else if entity.first + k == entity.last {
                        "L"
                    } else {
                        "I"
                    }
                }
            };
            *tag = format!("{prefix}-{label}");
        }
        previous = Some(entity);
    }
    tags
}

/// A tag sequence that does not follow its scheme.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct TagError {
    /// Index of the token where the sequence breaks.
    pub token: usize,
    /// What is wrong.
    pub message: String,
}

/// The entities in one sentence's tags. `scheme` decides what is malformed: in IOB2 and
/// BILOU an `I-x` must continue an `x` entity; in IOB1 it may start one. `E-`/`S-` are
/// read as `L-`/`U-`.
pub fn decode(tags: &[&str], scheme: Scheme) -> Result<Vec<TokenEntity>, TagError> {
    let mut entities: Vec<TokenEntity> = Vec::new();
    let mut open: Option<TokenEntity> = None;
    let error = |token: usize, message: String| TagError { token, message };
    for (i, tag) in tags.iter().enumerate() {
        let (prefix, label) = match *tag {
            "O" => ("O", ""),
            other => other
                .split_once('-')
                .ok_or_else(|| error(i, format!("tag {other:?} is neither O nor PREFIX-label")))?,
        };
        // `O-actor` is not `O`: a tagger that wrote it meant something we cannot know.
        if prefix == "O" && *tag != "O" {
            return Err(error(i, format!("tag {tag:?}: O takes no label")));
        }
        if label.is_empty() && prefix != "O" {
            return Err(error(i, format!("tag {tag:?} has no label")));
        }
        let continues = open.as_ref().is_some_and(|e| e.label == label);
        match (prefix, scheme) {
            ("O", _) => {
                if scheme == Scheme::Bilou && open.is_some() {
                    return Err(error(
                        i,
                        format!("O after {} without L- to close it", tags[i - 1]),
                    ));
                }
                entities.extend(open.take());
            }
            ("B", Scheme::Bilou) => {
                if open.is_some() {
                    return Err(error(
                        i,
                        format!("{tag} before the previous entity was closed with L-"),
                    ));
                }
                open = Some(TokenEntity {
                    first: i,
                    last: i,
                    label: label.to_owned(),
                });
            }
            ("B", _) => {
                entities.extend(open.take());
                open = Some(TokenEntity {
                    first: i,
                    last: i,
                    label: label.to_owned(),
                });
            }
            ("I", Scheme::Iob1) if !continues => {
                entities.extend(open.take());
                open = Some(TokenEntity {
                    first: i,
                    last: i,
                    label: label.to_owned(),
                });
            }
            ("I", _) | ("L" | "E", Scheme::Bilou) => {
                if !continues {
                    let before = if i == 0 {
                        "the sentence start".to_owned()
                    } else {
                        tags[i - 1].to_owned()
                    };
                    return Err(error(
                        i,
                        format!("{tag} after {before}: an entity must start with B-"),
                    ));
                }
                if let Some(e) = open.as_mut() {
                    e.last = i;
                }
                if prefix != "I" {
                    entities.extend(open.take());
                }
            }
            ("U" | "S", Scheme::Bilou) => {
                if open.is_some() {
                    return Err(error(
                        i,
                        format!("{tag} before the previous entity was closed with L-"),
                    ));
                }
                entities.push(TokenEntity {
                    first: i,
                    last: i,
                    label: label.to_owned(),
                });
            }
            (other, _) => {
                return Err(error(
                    i,
                    format!("prefix {other:?} in {tag:?} is not part of this scheme"),
                ));
            }
        }
    }
    if scheme == Scheme::Bilou && open.is_some() {
        return Err(error(
            tags.len(),
            "the sentence ends inside an entity without L-".to_owned(),
        ));
    }
    entities.extend(open);
    Ok(entities)
}

/// How the entities of one sentence's tags start, read as IOB2: `(with_i, with_b)`, the
/// number that start with `I-` (after `O`, another label or the sentence start: an error
/// in IOB2, the rule in IOB1) and the number that start with `B-`. A file where most
/// entities start with `I-` is IOB1.
///
/// ```
/// use spantag::text::tagging::entity_starts;
/// assert_eq!(entity_starts(&["I-LOC", "O", "I-PER", "B-PER", "I-PER"]), (2, 1));
/// ```
pub fn entity_starts(tags: &[&str]) -> (usize, usize) {
    let mut with_i = 0;
    let mut with_b = 0;
    let mut previous: Option<&str> = None;
    for tag in tags {
        let (prefix, label) = tag.split_once('-').unwrap_or((tag, ""));
        match prefix {
            "B" => with_b += 1,
            "I" if previous != Some(label) => with_i += 1,
            _ => {}
        }
        previous = (prefix != "O").then_some(label);
    }
    (with_i, with_b)
}

/// Guesses the scheme of a file's tags: BILOU if any `L-`, `U-`, `E-` or `S-` appears,
/// else IOB2 (whose rules are the strict ones).
pub fn guess_scheme<'a>(tags: impl IntoIterator<Item = &'a str>) -> Scheme {
    let bilou = tags
        .into_iter()
        .any(|t| ["L-", "U-", "E-", "S-"].iter().any(|p| t.starts_with(p)));
    if bilou { Scheme::Bilou } else { Scheme::Iob2 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn e(first: usize, last: usize, label: &str) -> TokenEntity {
        TokenEntity {
            first,
            last,
            label: label.to_owned(),
        }
    }

    #[test]
    fn reports_malformed_sequences_where_they_break() {
        let err = decode(&["O", "I-actor", "O"], Scheme::Iob2).unwrap_err();
        assert_eq!(
            (err.token, err.message.as_str()),
            (1, "I-actor after O: an entity must start with B-")
        );
        let err = decode(&["B-actor", "I-location"], Scheme::Iob2).unwrap_err();
        assert_eq!(err.token, 1);
        assert_eq!(
            decode(&["O", "I-actor", "O"], Scheme::Iob1).unwrap(),
            [e(1, 1, "actor")]
        );
        let err = decode(&["B-event", "O"], Scheme::Bilou).unwrap_err();
        assert_eq!(err.message, "O after B-event without L- to close it");
        assert!(decode(&["B-event"], Scheme::Bilou).is_err());
        assert!(decode(&["X-event"], Scheme::Iob2).is_err());
        assert!(decode(&["actor"], Scheme::Iob2).is_err());
        assert_eq!(
            decode(&["S-actor", "B-event", "E-event"], Scheme::Bilou).unwrap(),
            [e(0, 0, "actor"), e(1, 2, "event")]
        );
    }

    #[test]
    fn malformed_tags_are_refused_whatever_the_scheme() {
        let cases = [
            ("O-actor", "tag \"O-actor\": O takes no label"),
            ("O-", "tag \"O-\": O takes no label"),
            ("B-", "tag \"B-\" has no label"),
            ("I-", "tag \"I-\" has no label"),
            ("U-", "tag \"U-\" has no label"),
            (
                "X-actor",
                "prefix \"X\" in \"X-actor\" is not part of this scheme",
            ),
            ("actor", "tag \"actor\" is neither O nor PREFIX-label"),
        ];
        for scheme in [Scheme::Iob2, Scheme::Iob1, Scheme::Bilou] {
            for (tag, message) in cases {
                let err = decode(&["O", "O", tag], scheme).unwrap_err();
                assert_eq!(
                    (err.token, err.message.as_str()),
                    (2, message),
                    "{tag} {scheme:?}"
                );
            }
        }
    }

    #[test]
    fn tag_names_come_in_id_order() {
        assert_eq!(
            Scheme::Iob2.tag_names(["actor", "location"]),
            ["O", "B-actor", "I-actor", "B-location", "I-location"]
        );
        assert_eq!(
            Scheme::Bilou.tag_names(["event"]),
            ["O", "B-event", "I-event", "L-event", "U-event"]
        );
        assert_eq!(guess_scheme(["O", "U-actor"]), Scheme::Bilou);
        assert_eq!(guess_scheme(["O", "I-actor"]), Scheme::Iob2);
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(raw in prop::collection::vec((1..4usize, 0..3usize, 0..3usize), 0..8)) {
            // Entities separated by gaps of 0..3 tokens, 1..4 tokens long.
            let mut entities = Vec::new();
            let mut at = 0;
            for (len, gap, label) in raw {
                at += gap;
                entities.push(e(at, at + len - 1, ["actor", "location", "event"][label]));
                at += len;
            }
            let n = at + 1;
            for scheme in [Scheme::Iob2, Scheme::Iob1, Scheme::Bilou] {
                let tags = encode(n, &entities, scheme);
                let refs: Vec<&str> = tags.iter().map(String::as_str).collect();
                prop_assert_eq!(&decode(&refs, scheme).unwrap(), &entities, "{:?}", scheme);
            }
        }
    }
}
