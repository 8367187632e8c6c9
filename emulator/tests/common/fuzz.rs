//! The deterministic generator behind both fuzz tests (the emulator's request bodies in
//! `emulator/tests/fuzz.rs`, the client's response parsing in `tests/fuzz_models.rs`, which
//! includes this file by path): random JSON values and mutations of valid bodies, from a seed
//! so that a failure can be replayed. Each test gives its own [`Vocabulary`].

#![allow(dead_code)]

use serde_json::{json, Map, Value};

/// A small deterministic generator (xorshift).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }

    /// `n` characters from an alphabet of URL, header and ISO 8601 punctuation.
    pub fn text(&mut self, n: usize) -> String {
        const ALPHABET: &[char] = &[
            'a', 'Z', '0', '9', ':', '/', '?', '&', '=', '<', '>', ';', '"', ',', ' ', '%', 'P',
            'T', 'W', 'D', 'H', '-', '+', '.', 'é', '🙂',
        ];
        (0..n)
            .map(|_| ALPHABET[self.below(ALPHABET.len() as u64) as usize])
            .collect()
    }
}

/// What a test's random values are made of.
pub struct Vocabulary {
    /// A number or string where a random scalar goes.
    pub scalar: fn(&mut Rng) -> Value,
    /// An object key.
    pub key: fn(&mut Rng) -> String,
    /// A scalar of a valid body is replaced one time in this many.
    pub leaf_odds: u64,
    /// An unknown key is added to an object one time in this many (0: never).
    pub unknown_key_odds: u64,
}

impl Vocabulary {
    /// A random value, nested at most a few levels.
    pub fn random_value(&self, rng: &mut Rng, depth: u32) -> Value {
        match rng.below(if depth > 3 { 6 } else { 8 }) {
            0 => Value::Null,
            1 => json!(rng.below(2) == 0),
            2 => json!(rng.next() as i64),
            3..=5 => (self.scalar)(rng),
            6 => Value::Array(
                (0..rng.below(4))
                    .map(|_| self.random_value(rng, depth + 1))
                    .collect(),
            ),
            _ => {
                let mut m = Map::new();
                for _ in 0..rng.below(4) {
                    m.insert((self.key)(rng), self.random_value(rng, depth + 1));
                }
                Value::Object(m)
            }
        }
    }

    /// `v` with keys dropped, values of the wrong type or value, unknown keys added.
    pub fn mutate(&self, rng: &mut Rng, v: &Value, depth: u32) -> Value {
        match v {
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, val) in m {
                    match rng.below(6) {
                        0 => {} // drop the key
                        1 => {
                            out.insert(k.clone(), self.random_value(rng, depth));
                        }
                        _ => {
                            out.insert(k.clone(), self.mutate(rng, val, depth + 1));
                        }
                    }
                }
                if self.unknown_key_odds > 0 && rng.below(self.unknown_key_odds) == 0 {
                    out.insert(
                        format!("unknown{}", rng.below(5)),
                        self.random_value(rng, depth),
                    );
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|i| self.mutate(rng, i, depth + 1))
                    .collect(),
            ),
            _ if rng.below(self.leaf_odds) == 0 => self.random_value(rng, depth),
            other => other.clone(),
        }
    }
}
