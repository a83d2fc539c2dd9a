//! Geometry of the layout engine, in millimetres on the pages themselves, one test per
//! rule of GB/T 9704 (clause in each test's comment).

mod common;
use common::*;
use gongwen::layout::{Color, Item, Page, PageKind, TextRun};
use gongwen::spec::{self, pt, CELL, LINE_PITCH};
use gongwen::{Document, Role};

const EPS: f32 = 0.05;

fn near(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

fn face_name(doc: &Document, run: &TextRun) -> String {
    doc.fonts().face_by_id(run.face).name.clone()
}

fn is_body(r: &TextRun) -> bool {
    r.size == spec::SIZE_3 && r.baseline < spec::BLOCK_BOTTOM
}

#[test]
fn pages_are_a4_and_body_lines_sit_on_the_22_line_grid() {
    // STD 5.2.1, 5.2.3: 22 lines fill the 225 mm 版心 at one pitch.
    let doc = read("seed.md");
    for page in &doc.pages()[1..doc.pages().len() - 1] {
        let body: Vec<f32> = lines(page)
            .into_iter()
            .filter(|(_, rs)| is_body(rs[0]))
            .map(|(b, _)| b)
            .collect();
        assert_eq!(body.len(), 22);
        for (k, b) in body.iter().enumerate() {
            let slot_top = spec::MARGIN_TOP + k as f32 * LINE_PITCH;
            let em_top = b - 0.88 * pt(16.0);
            assert!(
                near(em_top - slot_top, (LINE_PITCH - pt(16.0)) / 2.0, EPS),
                "slot {k}: em top {em_top}"
            );
        }
    }
}

#[test]
fn a_full_line_is_28_characters_exactly_156_mm_wide() {
    // STD 5.2.3: 28 characters fill the 版心 width; non-final lines are justified.
    let doc = read("seed.md");
    let mut full = 0;
    for (_, rs) in doc.pages().iter().flat_map(lines) {
        let glyphs: Vec<_> = rs.iter().flat_map(|r| &r.glyphs).collect();
        let (first, last) = (glyphs[0], glyphs[glyphs.len() - 1]);
        if glyphs.len() == 28 && glyphs.iter().all(|g| !g.ch.is_ascii()) {
            full += 1;
            assert!(near(first.x, spec::MARGIN_LEFT, EPS));
            assert!(
                near(last.x + CELL, spec::BLOCK_RIGHT, EPS),
                "{}",
                last.x + CELL
            );
            for w in glyphs.windows(2) {
                assert!(near(w[1].x - w[0].x, CELL, EPS), "uniform cells");
            }
        }
    }
    assert!(full >= 5, "only {full} all-CJK full lines");
}

#[test]
fn paragraphs_indent_two_characters_and_justify_non_final_lines() {
    // STD 7.3.3: 左空二字，回行顶格; every non-final line reaches the right edge.
    let doc = read("seed.md");
    let (_, first) = line(&doc, "2023年，我局坚持");
    assert!(near(first[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, EPS));
    for page in doc.pages() {
        let ls = lines(page);
        for w in ls.windows(2) {
            let (a, b) = (&w[0].1, &w[1].1);
            let continues =
                is_body(a[0]) && is_body(b[0]) && near(b[0].x0(), spec::MARGIN_LEFT, EPS);
            if continues && a.iter().all(|r| r.size == 16.0) {
                let right = a.last().unwrap().glyphs.last().unwrap();
                assert!(
                    right.x + right.advance >= spec::BLOCK_RIGHT - 0.2,
                    "{:?} ends at {}",
                    text(a),
                    right.x + right.advance
                );
            }
        }
    }
}

#[test]
fn no_line_starts_or_ends_with_a_forbidden_mark_and_numbers_stay_whole() {
    // GB/T 15834 §5 (cited by STD 9): 禁则; GB/T 15835: numbers are not split.
    let no_start = "，。、；：？！）》」』〕】”’…%％";
    let no_end = "（《「『〔【“‘";
    for name in ["seed.md", "full-document.md", "attachments.md"] {
        let doc = read(name);
        for page in doc.pages() {
            let all = lines(page);
            let texts: Vec<String> = all.iter().map(|(_, rs)| text(rs)).collect();
            // Lines that run to the right edge: their paragraph goes on below.
            let full = |i: usize| {
                all[i]
                    .1
                    .last()
                    .is_some_and(|r| r.x1() >= spec::BLOCK_RIGHT - 0.2)
            };
            for (i, t) in texts.iter().enumerate() {
                let (f, l) = (t.chars().next().unwrap(), t.chars().last().unwrap());
                assert!(!no_start.contains(f), "{name}: line starts with {f}: {t}");
                assert!(!no_end.contains(l), "{name}: line ends with {l}: {t}");
                // A number (with its decimals and percent sign) does not continue on the
                // next line; a counter or a date's 年月日 after it may (Word and
                // LibreOffice break there too: 18|家次, 2023|年).
                let next = texts
                    .get(i + 1)
                    .filter(|_| full(i))
                    .and_then(|n| n.chars().next());
                assert!(
                    !(l.is_ascii_digit()
                        && next.is_some_and(|n| n.is_ascii_digit() || ".％%".contains(n))),
                    "{name}: a number is split: {t} / {:?}",
                    texts.get(i + 1)
                );
            }
        }
    }
}

#[test]
fn heading_levels_use_hei_kai_fang_fang_at_16pt() {
    // STD 7.3.3: 一、 黑体, （一） 楷体, 1. and （1） 仿宋, all 3号.
    let doc = read("numbering.md");
    let fonts = doc.fonts();
    let expect = [
        ("一、总体要求", Role::Hei),
        ("（一）指导思想", Role::Kai),
        ("1.坚持问题导向", Role::Fang),
        ("（1）细化清单", Role::Fang),
    ];
    for (prefix, role) in expect {
        let (_, rs) = line(&doc, prefix);
        assert_eq!(rs[0].face, fonts.role_id(role), "{prefix}");
        assert_eq!(rs[0].size, 16.0);
        assert!(near(rs[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, EPS));
    }
    // A run-in heading: the part up to 。 in 楷体, the rest in 仿宋.
    let seed = read("seed.md");
    let (_, rs) = line(&seed, "（一）责任意识不够高");
    assert_eq!(face_name(&seed, rs[0]), "FandolKai-Regular");
    assert_eq!(rs[0].text(), "（一）责任意识不够高，模范作用不明显。");
    assert_eq!(face_name(&seed, rs[1]), "FandolFang-Regular");
}

#[test]
fn the_red_mark_tops_35_mm_below_the_type_area_centred_in_xiaobiaosong() {
    // STD 7.2.4.
    let doc = read("full-document.md");
    let (_, rs) = line(&doc, "某县市场监督管理局文件");
    let mark = rs[0];
    assert_eq!(mark.color, Color::RED);
    assert_eq!(mark.face, doc.fonts().role_id(Role::XiaoBiaoSong));
    assert!(near(
        mark.baseline - ink_top(&doc, mark),
        spec::MARGIN_TOP + 35.0,
        0.01
    ));
    assert!(near((mark.x0() + mark.x1()) / 2.0, 106.0, 0.1));
    assert!(mark.x1() - mark.x0() <= spec::BLOCK_W + 0.01);
}

#[test]
fn copy_number_secrecy_and_urgency_stack_top_left_in_hei() {
    // STD 7.2.1–7.2.3: 份号, 密级★期限, 紧急程度 from line 1, flush left.
    let doc = read("classified.md");
    for (k, t) in ["000123", "秘密★1年", "特急"].iter().enumerate() {
        let (page, rs) = line(&doc, t);
        assert_eq!(page, 0);
        assert!(near(rs[0].x0(), spec::MARGIN_LEFT, EPS));
        assert!(
            near(
                rs[0].em_top(),
                spec::MARGIN_TOP + k as f32 * LINE_PITCH + (LINE_PITCH - pt(16.0)) / 2.0,
                EPS
            ),
            "{t}"
        );
        assert_eq!(rs[0].face, doc.fonts().role_id(Role::Hei));
    }
}

#[test]
fn doc_number_two_lines_below_the_mark_and_red_rule_4_mm_below_it() {
    // STD 7.2.5, 7.2.7.
    let doc = read("full-document.md");
    let (_, mark) = line(&doc, "某县市场监督管理局文件");
    let (_, docno) = line(&doc, "某市监〔2023〕15号");
    let mark_bottom = em_bottom(mark[0]);
    assert!(near(docno[0].em_top() - mark_bottom, 2.0 * LINE_PITCH, EPS));
    assert!(near((docno[0].x0() + docno[0].x1()) / 2.0, 106.0, 0.1));
    let rule = doc.pages()[0].items.iter().find_map(|i| match i {
        Item::Rule {
            x, y, width, color, ..
        } if *color == Color::RED => Some((*x, *y, *width)),
        _ => None,
    });
    let (x, y, width) = rule.expect("a red rule");
    assert!(near(x, 28.0, 0.01) && near(width, 156.0, 0.01));
    assert!(near(y - (docno[0].em_top() + pt(16.0)), 4.0, EPS));
}

#[test]
fn upward_documents_put_doc_number_left_and_signers_right_one_character_in() {
    // STD 7.2.5–7.2.6: 上行文.
    let doc = read("keys-english.md");
    let (_, rs) = line(&doc, "某政〔2023〕8号");
    assert!(near(rs[0].x0(), spec::MARGIN_LEFT + CELL, EPS));
    let sig = rs
        .iter()
        .find(|r| r.text().starts_with("签发人"))
        .expect("签发人 on the 字号 line");
    assert_eq!(sig.face, doc.fonts().role_id(Role::Fang));
    let names = rs.last().unwrap();
    assert_eq!(names.text(), "王某某");
    assert_eq!(names.face, doc.fonts().role_id(Role::Kai));
    assert!(near(names.x1(), spec::BLOCK_RIGHT - CELL, 0.1));
}

#[test]
fn title_is_22pt_centred_two_lines_below_the_rule() {
    // STD 7.3.1.
    let doc = read("full-document.md");
    let rule_y = doc.pages()[0].items.iter().find_map(|i| match i {
        Item::Rule { y, color, .. } if *color == Color::RED => Some(*y),
        _ => None,
    });
    let titles: Vec<_> = lines(&doc.pages()[0])
        .into_iter()
        .filter(|(_, rs)| rs[0].size == 22.0)
        .collect();
    assert!(titles.len() >= 2);
    for (_, rs) in &titles {
        assert_eq!(rs[0].face, doc.fonts().role_id(Role::XiaoBiaoSong));
        let centre = (rs[0].x0() + rs.last().unwrap().x1()) / 2.0;
        assert!(near(centre, 106.0, 0.1), "{centre}");
    }
    let first_box_top = titles[0].1[0].em_top() - (spec::TITLE_PITCH - pt(22.0)) / 2.0;
    assert!(near(first_box_top - rule_y.unwrap(), 2.0 * LINE_PITCH, EPS));
}

#[test]
fn long_titles_break_between_words_into_a_trapezoid() {
    // STD 7.3.1: 梯形或菱形, 词意完整.
    let doc = read("title-long.md");
    let ts: Vec<String> = lines(&doc.pages()[0])
        .into_iter()
        .filter(|(_, rs)| rs[0].size == 22.0)
        .map(|(_, rs)| text(&rs))
        .collect();
    assert!(ts.len() >= 2, "{ts:?}");
    assert_eq!(
        ts.concat(),
        "某县市场监督管理局关于开展2023年下半年重点工业产品质量安全监督抽查工作的通知"
    );
    for w in ts.windows(2) {
        assert!(
            !w[0].ends_with(|c: char| c.is_ascii_digit()) && !w[1].starts_with('年'),
            "{ts:?}"
        );
        assert!(
            w[0].chars().count() + 1 >= w[1].chars().count(),
            "not a trapezoid: {ts:?}"
        );
    }
    let doc = read("title-author-breaks.md");
    let ts: Vec<String> = lines(&doc.pages()[0])
        .into_iter()
        .filter(|(_, rs)| rs[0].size == 22.0)
        .map(|(_, rs)| text(&rs))
        .collect();
    assert_eq!(ts[0], "某县人民政府");
}

#[test]
fn recipients_are_flush_left_one_line_below_the_title_ending_with_a_colon() {
    // STD 7.3.2.
    let doc = read("full-document.md");
    let (_, rs) = line(&doc, "各市场监管所、局机关各股室：");
    assert!(near(rs[0].x0(), spec::MARGIN_LEFT, EPS));
    let title_bottom = lines(&doc.pages()[0])
        .into_iter()
        .filter(|(_, r)| r[0].size == 22.0)
        .map(|(b, _)| b + 0.12 * pt(22.0))
        .fold(0.0, f32::max);
    // One blank line: the white between the title and the 主送 is one line pitch, give or
    // take the snap to the grid.
    let white = (rs[0].em_top() - title_bottom) / LINE_PITCH;
    assert!((0.75..1.5).contains(&white), "{white}");
}

#[test]
fn recipients_move_to_the_colophon_when_page_one_would_show_no_body() {
    // STD 7.3.2, 7.3.3: 公文首页必须显示正文.
    let doc = read("many-recipients.md");
    assert!(doc.laid().recipients_in_colophon);
    let (page, _) = line(&doc, "各单位要认真贯彻落实。");
    assert_eq!(page, 0);
    let (cpage, rs) = line(&doc, "主送：");
    assert_eq!(rs[0].size, 14.0);
    assert_eq!(cpage + 1, doc.pages().len());
}

#[test]
fn attachment_note_is_two_characters_in_and_numbers_hang_aligned() {
    // STD 7.3.4.
    let doc = read("full-document.md");
    let (_, one) = line(&doc, "附件：1.2023年");
    assert!(near(one[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, EPS));
    let (_, two) = line(&doc, "2.专项检查联络员名单");
    assert!(near(two[0].x0(), spec::MARGIN_LEFT + 5.0 * CELL, EPS));
}

#[test]
fn sealed_signature_centres_name_over_date_four_characters_from_the_right() {
    // STD 7.3.5.1.
    let doc = read("full-document.md");
    let (p, date) = line(&doc, "2023年7月10日");
    let name = lines(&doc.pages()[p])
        .into_iter()
        .find(|(_, rs)| text(rs) == "某县市场监督管理局")
        .expect("署名")
        .1[0];
    let date_x1 = date.last().unwrap().x1();
    assert!(
        near(date_x1, spec::BLOCK_RIGHT - 4.0 * CELL, 0.1),
        "{date_x1}"
    );
    let date_centre = (date[0].x0() + date_x1) / 2.0;
    assert!(near((name.x0() + name.x1()) / 2.0, date_centre, 0.1));
    assert!(near(date[0].baseline - name.baseline, LINE_PITCH, EPS));
    let seal = doc.pages()[p].items.iter().find_map(|i| match i {
        Item::Image { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
        _ => None,
    });
    let (x, y, w, h) = seal.expect("a seal");
    assert!(
        near(x + w / 2.0, date_centre, 0.1),
        "seal centred over the date"
    );
    assert!(
        y + h / 2.0 < name.baseline,
        "name and date below the seal's centre"
    );
    assert!(y + h > date[0].baseline, "the seal presses on the date");
    let above = lines(&doc.pages()[p])
        .into_iter()
        .filter(|(b, _)| *b < name.baseline - 1.0)
        .map(|(b, _)| b)
        .fold(0.0, f32::max);
    assert!(
        y - (above + 0.12 * pt(16.0)) <= LINE_PITCH,
        "seal top within one line of the text above"
    );
}

#[test]
fn unsealed_signature_two_from_the_right_date_shifted_two_right() {
    // STD 7.3.5.2 and 7.3.6.
    let doc = read("signature-unsealed.md");
    let (_, name) = line(&doc, "某县市场监督管理局办公室");
    let (_, date) = line(&doc, "2023年7月10日");
    assert!(near(name[0].x1(), spec::BLOCK_RIGHT - 2.0 * CELL, 0.1));
    assert!(near(date[0].x0(), name[0].x0() + 2.0 * CELL, 0.1));
    let (_, note) = line(&doc, "（此件公开发布）");
    assert!(near(note[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, EPS));
    assert!(near(note[0].baseline - date[0].baseline, LINE_PITCH, EPS));
}

#[test]
fn page_numbers_sit_7mm_below_the_text_block_odd_right_even_left() {
    // STD 7.5.
    let doc = read("seed.md");
    for (i, page) in doc.pages().iter().enumerate() {
        let no = i + 1;
        let run = page
            .runs()
            .find(|r| r.baseline > spec::BLOCK_BOTTOM)
            .expect("a page number");
        assert_eq!(run.text(), format!("— {no} —"));
        assert_eq!(run.size, 14.0);
        assert_eq!(run.face, doc.fonts().role_id(Role::Song));
        let dash = TextRun {
            glyphs: run.glyphs[..1].to_vec(),
            ..run.clone()
        };
        assert!(near(
            run.baseline - ink_top(&doc, &dash),
            spec::BLOCK_BOTTOM + 7.0,
            0.01
        ));
        if no % 2 == 1 {
            assert!(near(run.x1(), spec::BLOCK_RIGHT - pt(14.0), 0.01));
        } else {
            assert!(near(run.x0(), spec::MARGIN_LEFT + pt(14.0), 0.01));
        }
    }
}

#[test]
fn colophon_ends_on_an_even_page_with_its_last_rule_on_the_block_bottom() {
    // STD 7.4.1–7.4.3.
    let doc = read("full-document.md");
    let last = doc.pages().last().unwrap();
    assert_eq!(doc.pages().len() % 2, 0);
    let rs: Vec<(f32, f32, f32)> = rules(last, Color::BLACK)
        .into_iter()
        .map(|(_, y, w, t)| (y, w, t))
        .collect();
    assert_eq!(rs.len(), 3);
    assert!(rs.iter().all(|r| near(r.1, 156.0, 0.01)));
    assert!(near(rs[0].2, 0.35, 1e-3) && near(rs[1].2, 0.25, 1e-3) && near(rs[2].2, 0.35, 1e-3));
    assert!(near(rs[2].0, spec::BLOCK_BOTTOM, 1e-3));
    let (_, cc) = line(&doc, "抄送：");
    assert_eq!(text(&cc), "抄送：县人民政府办公室，市市场监督管理局。");
    assert!(near(cc[0].x0(), spec::MARGIN_LEFT + pt(14.0), 0.01) && cc[0].size == 14.0);
    let (_, printer) = line(&doc, "某县市场监督管理局办公室");
    assert!(near(printer[0].x0(), spec::MARGIN_LEFT + pt(14.0), 0.01));
    assert_eq!(printer.last().unwrap().text(), "2023年7月11日印发");
    assert!(near(
        printer.last().unwrap().x1(),
        spec::BLOCK_RIGHT - pt(14.0),
        0.01
    ));
    assert!(printer[0].baseline < rs[2].0 && printer[0].baseline > rs[1].0);
}

#[test]
fn colophon_after_an_odd_page_gets_its_own_numbered_even_page() {
    let doc = read("colophon-odd.md");
    assert_eq!(doc.pages().len(), 2);
    assert_eq!(doc.pages()[1].kind, PageKind::Colophon);
    assert_eq!(doc.pages()[1].number, Some(2));
}

#[test]
fn colophon_after_a_full_even_page_adds_a_blank_page_and_neither_is_numbered() {
    // STD 7.5: 版记页前有空白页的，空白页和版记页均不编排页码.
    let doc = read("colophon-full-even.md");
    let kinds: Vec<PageKind> = doc.pages().iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        [
            PageKind::Content,
            PageKind::Content,
            PageKind::Blank,
            PageKind::Colophon
        ]
    );
    let numbers: Vec<Option<u32>> = doc.pages().iter().map(|p| p.number).collect();
    assert_eq!(numbers, [Some(1), Some(2), None, None]);
    assert!(doc.pages()[2].items.is_empty());
}

#[test]
fn attachments_start_a_new_page_with_label_on_line_1_and_title_on_line_3() {
    // STD 7.3.7.
    let doc = read("attachments.md");
    let (p1, label) = line(&doc, "附件1");
    let (p2, _) = line(&doc, "附件2");
    assert_eq!(p2, p1 + 1);
    assert_eq!(label[0].face, doc.fonts().role_id(Role::Hei));
    assert!(near(label[0].x0(), spec::MARGIN_LEFT, EPS));
    assert!(near(
        label[0].em_top(),
        spec::MARGIN_TOP + (LINE_PITCH - pt(16.0)) / 2.0,
        EPS
    ));
    let (_, title) = line(&doc, "专项检查联络员名单");
    assert_eq!(title[0].size, 22.0);
    let slot = ((title[0].em_top() - spec::MARGIN_TOP) / LINE_PITCH) as usize;
    assert_eq!(slot, 2);
    assert_eq!(
        doc.pages()[p2].number,
        Some(p2 as u32 + 1),
        "numbers continue"
    );
}

/// Every text run and rule of a turned page lies inside the turned 版心 (225 × 156 mm
/// from 35 mm left and 28 mm down, seen turned).
fn inside_turned_type_area(items: &[Item]) {
    let (left, top) = (spec::TURNED_LEFT, spec::TURNED_TOP);
    let (right, bottom) = (left + spec::TURNED_W, top + spec::TURNED_H);
    for i in items {
        match i {
            Item::Text(r) => assert!(
                r.x0() >= left - 0.01
                    && r.x1() <= right + 0.01
                    && r.em_top() >= top - 0.01
                    && r.baseline <= bottom,
                "{} at {}..{}, baseline {}",
                r.text(),
                r.x0(),
                r.x1(),
                r.baseline
            ),
            Item::VRule { x, y, height, .. } => assert!(
                *x >= left - 0.01 && *x <= right + 0.01 && *y >= top - 0.01 && y + height <= bottom
            ),
            Item::Rule { x, y, width, .. } => assert!(
                *x >= left - 0.01 && x + width <= right + 0.01 && *y >= top - 0.01 && *y <= bottom
            ),
            other => panic!("unexpected on a turned page: {other:?}"),
        }
    }
}

#[test]
fn a_table_of_30_columns_is_turned_and_stays_inside_the_turned_type_area() {
    let doc = read("wide-table.md");
    let turned: Vec<&Page> = doc
        .pages()
        .iter()
        .filter(|p| !p.turned().is_empty())
        .collect();
    assert_eq!(turned.len(), 1);
    inside_turned_type_area(turned[0].turned());
    let all: String = turned[0]
        .turned()
        .iter()
        .filter_map(|i| match i {
            Item::Text(r) => Some(r.text()),
            _ => None,
        })
        .collect();
    assert!(
        all.contains("数据30") || all.contains("30号"),
        "the last column is drawn"
    );
    assert_eq!(
        doc.pages().len(),
        2,
        "no page is left empty after the table"
    );
}

#[test]
fn a_table_too_wide_for_the_portrait_type_area_gets_a_turned_page_of_its_own() {
    let doc = read("table-landscape-notice.md");
    let t = table_geom(&doc, 0);
    assert!(t.turned);
    assert_eq!(
        t.size,
        spec::TABLE_MIN_SIZE,
        "五号: turned, it needs no smaller type"
    );
    assert!(
        (t.widths.iter().sum::<f32>() - spec::TURNED_W).abs() < 0.01,
        "the turned 版心's 225 mm"
    );
    assert!(warnings(&doc)
        .iter()
        .all(|d| !d.to_string().contains("too wide")));
    let pages = doc.pages();
    let k = pages.iter().position(|p| !p.turned().is_empty()).unwrap();
    let page = &pages[k];
    inside_turned_type_area(page.turned());
    // The table's top rule on the turned 版心's top edge (the 订口, STD 8), its left
    // end on the turned 版心's left edge.
    let (x, y) = page
        .turned()
        .iter()
        .find_map(|i| match i {
            Item::Rule { x, y, .. } => Some((*x, *y)),
            _ => None,
        })
        .unwrap();
    assert!(near(x, spec::TURNED_LEFT, 0.01) && near(y, spec::TURNED_TOP, 0.01));
    // Nothing else on the page but the page number, upright where an upright page has it.
    assert_eq!(page.items.len(), 2);
    let number = page.runs().next().unwrap();
    let upright = pages[k - 1].runs().last().unwrap();
    assert_eq!(number.text(), format!("— {} —", k + 1));
    assert!(near(number.baseline, upright.baseline, 0.01));
    assert_eq!(page.number, Some(k as u32 + 1));
    // The text before the table stays upright on the page before; after it, the 版记
    // on an even page after a blank one.
    assert!(pages[k - 1].turned().is_empty() && pages[k + 1].turned().is_empty());
    assert_eq!(pages[k + 1].kind, PageKind::Blank);
    assert_eq!(pages.len() % 2, 0);
}

#[test]
fn lists_and_quotes_are_body_paragraphs_images_fit_with_their_caption() {
    // STD 7.3.3: a list item or a quoted paragraph is a 自然段: two characters in,
    // wrapped lines flush left; list markers inline, nested ordered items （1）, bullets ●.
    let doc = read("lists-quotes-images.md");
    let (p, item) = line(&doc, "1.提高认识");
    assert!(near(item[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, EPS));
    let wrapped = lines(&doc.pages()[p])
        .into_iter()
        .skip_while(|(b, _)| *b <= item[0].baseline)
        .map(|(_, rs)| rs[0].x0())
        .next()
        .unwrap();
    assert!(
        near(wrapped, spec::MARGIN_LEFT, EPS),
        "wrapped line flush left"
    );
    for (prefix, marker) in [
        ("●学校食堂", '●'),
        ("（1）逐户登记", '（'),
        ("（2）每月", '（'),
    ] {
        let (_, rs) = line(&doc, prefix);
        assert!(
            near(rs[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, EPS),
            "{prefix}"
        );
        assert!(text(&rs).starts_with(marker));
    }
    line(&doc, "3.建立台账");
    let (_, quote) = line(&doc, "引用的文件原文");
    assert!(near(quote[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, EPS));
    let (x, y, w, h) = doc
        .pages()
        .iter()
        .flat_map(|p| &p.items)
        .find_map(|i| match i {
            Item::Image { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
            _ => None,
        })
        .expect("an image");
    assert!(x >= spec::MARGIN_LEFT && x + w <= spec::BLOCK_RIGHT + 0.01);
    // The caption: the alt text centred on the grid line below the image.
    let (_, caption) = line(&doc, "印章示意");
    let c = caption[0];
    assert!(near(
        (c.x0() + caption.last().unwrap().x1()) / 2.0,
        106.0,
        0.1
    ));
    assert!(c.em_top() > y + h && c.em_top() < y + h + LINE_PITCH + 0.01);
}

#[test]
fn the_signature_never_stands_alone_on_a_page() {
    // STD 7.3.5.5: the body fills page 1 exactly; its last lines go with the signature.
    let doc = read("signature-keeps-company.md");
    let (p, sign) = line(&doc, "某县市场监督管理局");
    let above = lines(&doc.pages()[p])
        .into_iter()
        .filter(|(b, _)| *b < sign[0].baseline - 1.0)
        .count();
    assert_eq!(
        above, 2,
        "the body's last two lines come with the signature"
    );
    let (first_page_of_sig, _) = line(&doc, "2023年7月10日");
    assert_eq!(first_page_of_sig, p);
    let top = lines(&doc.pages()[p])[0].0;
    assert!(
        near(
            top,
            spec::baseline_in_box(spec::MARGIN_TOP, LINE_PITCH, 16.0),
            0.01
        ),
        "carried lines start on line 1"
    );
}

#[test]
fn a_signature_carried_to_page_2_leaves_body_text_on_page_1() {
    // STD 7.3.5.5 (the signature never alone) and 7.3.3 (page 1 shows body text): the
    // tall joint seals go to page 2 with the body's last line; its first line stays.
    let doc = read("signature-carry-first-page.md");
    let (p1, first) = line(&doc, "为保障秋季开学后");
    assert_eq!(p1, 0, "the body starts on page 1");
    let (p2, date) = line(&doc, "2023年8月25日");
    assert_eq!(p2, 1);
    let page2 = lines(&doc.pages()[1]);
    let first_on_2 = &page2[0].1;
    assert!(
        !text(first_on_2).starts_with("某县"),
        "a line of body text precedes the signature on page 2: {}",
        text(first_on_2)
    );
    assert!(first[0].baseline < spec::BLOCK_BOTTOM && date[0].baseline < spec::BLOCK_BOTTOM);
}

/// The runs and rules of the table pages, and the table's geometry.
fn table_geom(doc: &Document, i: usize) -> &gongwen::layout::TableGeom {
    &doc.laid().anchors.tables[i]
}

#[test]
fn a_statistics_table_fills_the_type_area_on_one_line_a_cell_with_numbers_right_aligned() {
    let doc = read("table-statistics-notice.md");
    let t = table_geom(&doc, 0);
    assert_eq!(t.widths.len(), 7);
    assert!(near(t.widths.iter().sum::<f32>(), spec::BLOCK_W, 0.01));
    assert!(
        (spec::TABLE_MIN_SIZE..=spec::TABLE_SIZE).contains(&t.size)
            && t.size * 2.0 == (t.size * 2.0).round(),
        "五号 to 4号 in half points: {}",
        t.size
    );
    assert!(
        t.cells[1..].iter().flatten().all(|lines| lines.len() <= 1),
        "no body cell wraps"
    );
    // Body cells in 仿宋, the header in 黑体, at the table's size.
    let (p, total) = line(&doc, "合计");
    let fang = doc.fonts().role_id(Role::Fang);
    assert!(total.iter().all(|r| r.size == t.size && r.face == fang));
    let (_, head) = line(&doc, "乡镇");
    assert_eq!(head[0].face, doc.fonts().role_id(Role::Hei));
    // `---:` columns: numbers end at their cell's right padding.
    let right_edge = spec::MARGIN_LEFT + t.widths[..2].iter().sum::<f32>() - spec::TABLE_PAD;
    let n = total.iter().find(|r| r.text() == "1268").expect("1268");
    assert!(near(n.x1(), right_edge, 0.3), "{} vs {right_edge}", n.x1());
    // A `---` column is flush left.
    let note = line(&doc, "东河镇").1;
    let note = note.iter().find(|r| r.text().starts_with("含1家")).unwrap();
    let left = spec::MARGIN_LEFT + t.widths[..6].iter().sum::<f32>() + spec::TABLE_PAD;
    assert!(near(note.x0(), left, 0.01));
    assert!(p >= 2, "in the attachment, after the body");
}

#[test]
fn a_long_table_repeats_its_header_keeps_rows_whole_and_ends_on_the_grid() {
    let doc = read("table-long.md");
    let t = table_geom(&doc, 0);
    assert_eq!(t.rows.len(), 41);
    let heads: Vec<usize> = doc
        .pages()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.runs().any(|r| r.text() == "序号"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(heads, [0, 1], "the header on both pages");
    // Rows whole: each row's text sits between two consecutive rules of its page.
    for page in doc.pages() {
        let ys: Vec<f32> = rules(page, Color::BLACK).iter().map(|r| r.1).collect();
        for r in page
            .runs()
            .filter(|r| r.text().chars().all(|c| c.is_ascii_digit()))
        {
            assert!(ys
                .windows(2)
                .any(|w| w[0] < r.em_top() && r.em_top() + pt(r.size) < w[1]));
        }
    }
    // The paragraph after the table stands on a grid line.
    let (_, after) = line(&doc, "以上检查结果");
    let slot = (after[0].em_top() - spec::MARGIN_TOP) / LINE_PITCH;
    let inset = (LINE_PITCH - pt(spec::SIZE_3)) / 2.0 / LINE_PITCH;
    assert!(
        near(slot - inset, (slot - inset).round(), 0.01),
        "slot {slot}"
    );
}

#[test]
fn a_table_too_wide_at_wuhao_shrinks_with_a_warning_and_stays_inside() {
    let doc = read("wide-table.md");
    let t = table_geom(&doc, 0);
    assert!(t.size < spec::TABLE_MIN_SIZE && t.size >= spec::TABLE_SMALLEST_SIZE);
    assert!(warnings(&doc)
        .iter()
        .any(|d| d.to_string().contains("too wide")));
}

#[test]
fn a_row_taller_than_a_page_splits_between_its_lines_inside_the_type_area() {
    let doc = read("table-tall-row.md");
    let t = table_geom(&doc, 0);
    assert_eq!(t.whole, [true, true, false, true]);
    let pages: Vec<usize> = doc
        .pages()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.runs().any(|r| r.text().contains("第")))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(pages, [0, 1], "the row goes on over two pages");
    for page in doc.pages() {
        for r in page.runs().filter(|r| r.size == t.size) {
            assert!(
                r.baseline < spec::BLOCK_BOTTOM,
                "{} below the 版心",
                r.text()
            );
        }
        let heads = page.runs().filter(|r| r.text() == "序号").count();
        assert!(heads <= 1);
    }
    assert_eq!(line(&doc, "序号").0, 0);
    assert!(
        doc.pages()[1].runs().any(|r| r.text() == "序号"),
        "header repeated"
    );
}

#[test]
fn a_turned_table_longer_than_a_page_repeats_its_header_on_the_next_turned_page() {
    let doc = read("table-landscape-body-report.md");
    let pages = doc.pages();
    let turned: Vec<usize> = (0..pages.len())
        .filter(|&k| !pages[k].turned().is_empty())
        .collect();
    assert_eq!(turned, [1, 2]);
    for &k in &turned {
        inside_turned_type_area(pages[k].turned());
        let heads = pages[k]
            .turned()
            .iter()
            .filter(|i| matches!(i, Item::Text(r) if r.text() == "序号"))
            .count();
        assert_eq!(heads, 1, "page {}: the header row once", k + 1);
        assert_eq!(pages[k].number, Some(k as u32 + 1));
    }
    // The body goes on upright on the page after the table.
    assert!(pages[3]
        .runs()
        .any(|r| r.text().contains("社会保障扩面提质")));
}

#[test]
fn a_footnote_mark_takes_the_side_of_what_precedes_it_next_to_latin_text() {
    // Word and LibreOffice set a quarter em between Asian text and Latin letters or
    // digits; an enclosed number ① takes the side of what precedes it (measured in
    // LibreOffice 7.4 on this fixture): after Chinese text it is Asian (no space before
    // 和, one before AB), after Latin letters or digits and at a paragraph's start it is
    // Latin (a space before 和).
    let doc = read("footnote-marks-spacing.md");
    let gaps = |mark: char| -> (f32, f32) {
        let run = doc.pages()[0]
            .runs()
            .find(|r| r.glyphs.iter().skip(1).any(|g| g.ch == mark))
            .expect("the mark's line");
        let i = run.glyphs.iter().position(|g| g.ch == mark).unwrap();
        let g = &run.glyphs;
        let gap = |a: usize| g[a + 1].x - g[a].x - g[a].advance;
        (gap(i - 1), gap(i))
    };
    let quarter = spec::CJK_LATIN_SPACE * pt(16.0);
    // Every glyph also takes the grid's letter spacing (−0.07 to −0.09 mm).
    let none = |g: f32| g.abs() < 0.15;
    let spaced = |g: f32| near(g, quarter, 0.15);
    for (mark, before, after) in [
        ('①', false, false), // 效①和
        ('②', false, false), // 》②和
        ('③', false, false), // 效③，
        ('④', false, true),  // 效④AB
        ('⑤', false, true),  // AB⑤和
        ('⑥', false, true),  // 20⑥和
    ] {
        let (b, a) = gaps(mark);
        assert!(
            if before { spaced(b) } else { none(b) },
            "{mark}: {b} mm before"
        );
        assert!(
            if after { spaced(a) } else { none(a) },
            "{mark}: {a} mm after"
        );
    }
}

#[test]
fn a_web_address_and_a_masked_figure_are_not_split_across_lines() {
    // LibreOffice keeps `https://www…` whole (UAX #14 alone would break after `//`) and
    // the layout does the same; masks (`****万元`, `**.**万元`) are one word.
    let doc = read("masks-and-addresses.md");
    let lines: Vec<String> = doc
        .pages()
        .iter()
        .flat_map(lines)
        .map(|(_, runs)| text(&runs))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("https://www.example.gov.cn/audit/2026/31")),
        "the address starts a line, whole: {lines:#?}"
    );
    for pair in lines.windows(2) {
        let (a, b) = (pair[0].trim_end(), pair[1].trim_start());
        assert!(
            !(a.ends_with('/') || a.ends_with('*') || (a.ends_with('.') && b.starts_with('*'))),
            "{a} | {b}"
        );
    }
    assert!(
        lines.iter().any(|l| l.starts_with("****万元")),
        "{lines:#?}"
    );
}
