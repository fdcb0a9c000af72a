//! What a copied page does not use, zeroed: the free pages, the tail of the free-list's trunk pages,
//! the gap between a b-tree page's cell pointers and its cells, and the inside of its free blocks.
//!
//! SQLite leaves deleted rows' bytes where they were until the space is reused. `VACUUM INTO`
//! rebuilt the copy and left them behind; a page-for-page copy ([`super::pages`]) would carry them
//! into the auditor's file — text that was deleted, and bytes that compress badly. Zeroing them
//! changes no row, index or free-list link (SQLite's `secure_delete` writes the same zeros), so
//! the copy is the same database.
//!
//! Only pages whose layout is understood are touched (the file format's b-tree page header,
//! <https://www.sqlite.org/fileformat2.html#b_tree_pages>); anything that does not add up is
//! copied as it is.

use std::collections::{HashMap, HashSet};

/// How the pages of one database are scrubbed.
pub(super) struct Scrub {
    /// The free-list's leaf pages: unused whole.
    free: HashSet<u32>,
    /// The free-list's trunk pages and the bytes of each in use (its links, the rest unused).
    trunks: HashMap<u32, usize>,
    page_count: u32,
    /// Bytes of a page SQLite uses (the page size less the reserved bytes at its end).
    usable: usize,
}

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(usize::from(u16::from_be_bytes([b[0], b[1]])))
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

impl Scrub {
    /// The scrub of a database whose first page is `first` and which has `page_count` pages;
    /// `page(n)` reads page `n` (for the free-list's trunk pages). A free-list that does not add
    /// up to the count in the header is not trusted: no page is then treated as free.
    pub(super) fn new<E>(
        first: &[u8],
        page_count: u32,
        mut page: impl FnMut(u32) -> Result<Vec<u8>, E>,
    ) -> Result<Scrub, E> {
        let page_size = match u16_at(first, 16) {
            Some(1) => 65_536,
            Some(n) => n,
            None => first.len(),
        };
        let reserved = first.get(20).copied().map_or(0, usize::from);
        let mut scrub = Scrub {
            free: HashSet::new(),
            trunks: HashMap::new(),
            page_count,
            usable: page_size.saturating_sub(reserved).min(first.len()),
        };
        let (Some(mut trunk), Some(total)) = (u32_at(first, 32), u32_at(first, 36)) else {
            return Ok(scrub);
        };
        // Trunk pages and leaves listed so far: never more than the header's count (a cycle in a
        // damaged list ends there).
        let (mut trunks, mut listed) = (0_u32, 0_u32);
        while trunk != 0 {
            if trunk > page_count || listed >= total {
                return Ok(scrub.without_free());
            }
            trunks += 1;
            listed += 1;
            let data = page(trunk)?;
            let (Some(next), Some(leaves)) = (u32_at(&data, 0), u32_at(&data, 4)) else {
                return Ok(scrub.without_free());
            };
            scrub.trunks.insert(trunk, 8 + 4 * leaves as usize);
            for i in 0..leaves as usize {
                match u32_at(&data, 8 + 4 * i) {
                    Some(leaf) if (2..=page_count).contains(&leaf) && listed < total => {
                        scrub.free.insert(leaf);
                        listed += 1;
                    }
                    _ => return Ok(scrub.without_free()),
                }
            }
            trunk = next;
        }
        // Every page counted once: no leaf listed twice, none missing.
        let distinct = scrub.free.len() + scrub.trunks.len();
        Ok(
            if listed == total && trunks == scrub.trunks.len() as u32 && distinct as u32 == total {
                scrub
            } else {
                scrub.without_free()
            },
        )
    }

    fn without_free(mut self) -> Scrub {
        self.free.clear();
        self.trunks.clear();
        self
    }

    /// Zeroes in `data`, page `pgno` of the database, the bytes the database does not use.
    pub(super) fn page(&self, pgno: u32, data: &mut [u8]) {
        if self.free.contains(&pgno) {
            data.fill(0);
            return;
        }
        if let Some(&used) = self.trunks.get(&pgno) {
            let usable = self.usable.min(data.len());
            if let Some(rest) = data.get_mut(used..usable) {
                rest.fill(0);
            }
            return;
        }
        // Page 1 holds the database header before its b-tree header.
        let header_at = if pgno == 1 { 100 } else { 0 };
        // An overflow or free-list trunk page starts with a page number (at most the page
        // count); a b-tree page with its type byte (2, 5, 10, 13) and free-block offset, a larger
        // number for any database under 2^25 pages. The rest are left alone.
        if pgno != 1 && u32_at(data, 0).is_none_or(|n| n <= self.page_count) {
            return;
        }
        self.btree(data, header_at);
    }

    fn btree(&self, data: &mut [u8], h: usize) -> Option<()> {
        let usable = self.usable.min(data.len());
        let header_len = match data.get(h)? {
            10 | 13 => 8,
            2 | 5 => 12,
            _ => return None,
        };
        let cells = u16_at(data, h + 3)?;
        let content = match u16_at(data, h + 5)? {
            0 => 65_536,
            n => n,
        };
        let gap = h + header_len + 2 * cells;
        if gap > content || content > usable {
            return None;
        }
        // The free blocks: in ascending order, inside the cell content area, none overlapping.
        let mut blocks = Vec::new();
        let (mut at, mut after) = (u16_at(data, h + 1)?, content);
        while at != 0 {
            let size = u16_at(data, at + 2)?;
            if at < after || size < 4 || at + size > usable {
                return None;
            }
            blocks.push((at, size));
            after = at + size;
            at = u16_at(data, at)?;
        }
        data[gap..content].fill(0);
        for (at, size) in blocks {
            data[at + 4..at + size].fill(0);
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(cells: &[(usize, &[u8])], content: usize, free: Option<(usize, usize)>) -> Vec<u8> {
        let mut p = vec![0xAA_u8; 512];
        p[0] = 13;
        let first_free = free.map_or(0, |(at, _)| at);
        p[1..3].copy_from_slice(&(first_free as u16).to_be_bytes());
        p[3..5].copy_from_slice(&(cells.len() as u16).to_be_bytes());
        p[5..7].copy_from_slice(&(content as u16).to_be_bytes());
        p[7] = 0;
        for (i, (at, bytes)) in cells.iter().enumerate() {
            p[8 + 2 * i..10 + 2 * i].copy_from_slice(&(*at as u16).to_be_bytes());
            p[*at..*at + bytes.len()].copy_from_slice(bytes);
        }
        if let Some((at, size)) = free {
            p[at..at + 2].copy_from_slice(&0_u16.to_be_bytes());
            p[at + 2..at + 4].copy_from_slice(&(size as u16).to_be_bytes());
        }
        p
    }

    fn scrub(page_count: u32) -> Scrub {
        Scrub {
            free: HashSet::from([7]),
            trunks: HashMap::from([(8, 12)]),
            page_count,
            usable: 512,
        }
    }

    #[test]
    fn the_gap_and_free_blocks_are_zeroed_and_cells_kept() {
        let mut p = leaf(
            &[(400, b"kept row"), (480, b"kept too")],
            400,
            Some((440, 20)),
        );
        scrub(100).page(3, &mut p);
        assert!(p[12..400].iter().all(|b| *b == 0), "the gap is zeroed");
        assert_eq!(&p[400..408], b"kept row");
        assert_eq!(&p[480..488], b"kept too");
        assert_eq!(
            &p[440..444],
            &[0, 0, 0, 20],
            "the free block's link and size stay"
        );
        assert!(p[444..460].iter().all(|b| *b == 0), "its inside is zeroed");
        assert!(
            p[460..480].iter().all(|b| *b == 0xAA),
            "beyond it: untouched"
        );
    }

    #[test]
    fn free_pages_are_zeroed_whole_and_what_does_not_add_up_is_left_alone() {
        let mut free = vec![0x55_u8; 512];
        scrub(100).page(7, &mut free);
        assert!(free.iter().all(|b| *b == 0));
        let mut trunk = vec![0x55_u8; 512];
        scrub(100).page(8, &mut trunk);
        assert!(
            trunk[..12].iter().all(|b| *b == 0x55),
            "its link, count and leaf stay"
        );
        assert!(trunk[12..].iter().all(|b| *b == 0), "the rest is zeroed");

        // An overflow page: it starts with the next page's number, not a b-tree header.
        let mut overflow = vec![0xAA_u8; 512];
        overflow[..4].copy_from_slice(&9_u32.to_be_bytes());
        let before = overflow.clone();
        scrub(100).page(4, &mut overflow);
        assert_eq!(overflow, before);

        // A b-tree header whose cell area starts before its pointers end.
        let mut bad = leaf(&[(400, b"x"), (480, b"y")], 10, None);
        let before = bad.clone();
        scrub(100).page(5, &mut bad);
        assert_eq!(bad, before);

        // Free blocks out of order.
        let mut bad = leaf(&[(400, b"x")], 400, Some((440, 20)));
        bad[440..442].copy_from_slice(&420_u16.to_be_bytes());
        let before = bad.clone();
        scrub(100).page(5, &mut bad);
        assert_eq!(bad, before);
    }
}
