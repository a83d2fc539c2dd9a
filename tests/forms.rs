//! The document forms of GB/T 9704 §10 and joint and upward documents, in millimetres.

mod common;
use common::*;
use gongwen::layout::{Color, Item};
use gongwen::spec::{self, pt, CELL, LINE_PITCH};
use gongwen::{Converter, Role};

fn near(a: f32, b: f32, tol: f32) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn letter_mark_30mm_from_the_paper_top_with_red_double_lines_of_170mm() {
    // STD 10.1.
    let doc = read("forms/letter.md");
    let (_, mark) = line(&doc, "某县市场监督管理局");
    assert!(near(mark[0].baseline - ink_top(&doc, mark[0]), 30.0, 0.01));
    assert_eq!(
        mark[0].text(),
        "某县市场监督管理局",
        "no 文件 in a letter's mark"
    );
    let mut rules = rules(&doc.pages()[0], Color::RED);
    rules.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert_eq!(rules.len(), 4);
    for r in &rules {
        assert!(
            near(r.0, 20.0, 0.01) && near(r.2, 170.0, 0.01),
            "170 mm, centred: {r:?}"
        );
    }
    let mark_bottom = em_bottom(mark[0]);
    assert!(
        near(rules[0].1 - rules[0].3 / 2.0 - mark_bottom, 4.0, 0.01),
        "4 mm below the mark"
    );
    assert!(rules[0].3 > rules[1].3, "thick over thin");
    assert!(rules[2].3 < rules[3].3, "thin over thick at the bottom");
    assert!(
        near(rules[3].1 + rules[3].3 / 2.0, spec::PAGE_H - 20.0, 0.01),
        "20 mm above the paper bottom"
    );
    let (_, no) = line(&doc, "000012");
    let below = rules[1].1 + rules[1].3 / 2.0;
    assert!(
        near(no[0].em_top() - below, pt(14.0), 0.01),
        "7/8 of a 3号 character below the line"
    );
    assert!(near(no[0].x0(), spec::MARGIN_LEFT, 0.01));
    let docno = no.last().unwrap();
    assert_eq!(docno.text(), "某市监函〔2023〕7号");
    assert!(
        near(docno.x1(), spec::BLOCK_RIGHT, 0.05),
        "字号 flush right"
    );
    assert_eq!(
        doc.pages()[0].number,
        None,
        "no page number on a letter's first page"
    );
    let cc = doc.pages().last().unwrap();
    assert!(
        cc.items
            .iter()
            .all(|i| !matches!(i, Item::Rule { color, .. } if *color == Color::BLACK)),
        "版记 without rules"
    );
}

#[test]
fn order_mark_20mm_below_the_block_top_number_and_body_two_lines_below() {
    // STD 10.2 and 7.3.5.3.
    let doc = read("forms/order.md");
    let (_, mark) = line(&doc, "某县人民政府令");
    assert!(near(
        mark[0].baseline - ink_top(&doc, mark[0]),
        spec::MARGIN_TOP + 20.0,
        0.01
    ));
    let (_, no) = line(&doc, "第5号");
    let mark_bottom = em_bottom(mark[0]);
    assert!(near(no[0].em_top() - mark_bottom, 2.0 * LINE_PITCH, 0.01));
    assert!(near((no[0].x0() + no[0].x1()) / 2.0, 106.0, 0.1));
    let (_, body) = line(&doc, "《某县城市市容");
    let white = body[0].em_top() - (no[0].em_top() + pt(16.0));
    assert!(
        (2.0 * LINE_PITCH - 0.01..3.0 * LINE_PITCH).contains(&white),
        "{white}"
    );
    assert!(
        rules(&doc.pages()[0], Color::RED).is_empty(),
        "no red rule in an order"
    );
    let (p, title) = line(&doc, "某县人民政府县长");
    let stamp = doc.pages()[p].items.iter().find_map(|i| match i {
        Item::Image { x, y, w, h, .. } => Some((*x, *y, *w, *h)),
        _ => None,
    });
    let (x, y, w, h) = stamp.expect("the 签名章");
    assert!(
        near(x + w, spec::BLOCK_RIGHT - 4.0 * CELL, 0.01),
        "four characters from the right"
    );
    assert!(
        near(title[0].x1(), x - 2.0 * CELL, 0.05),
        "title two characters left of the stamp"
    );
    let title_centre = title[0].em_top() + pt(16.0) / 2.0;
    assert!(
        near(title_centre, y + h / 2.0, 0.01),
        "centred on the stamp"
    );
    let (_, date) = line(&doc, "2023年9月1日");
    assert!(near(
        date.last().unwrap().x1(),
        spec::BLOCK_RIGHT - 4.0 * CELL,
        0.05
    ));
    assert!(
        near(date[0].baseline - title[0].baseline, 2.0 * LINE_PITCH, 0.01),
        "one blank line below the stamp's line"
    );
}

#[test]
fn minutes_mark_35mm_attendees_two_characters_in_names_aligned_after_the_colon() {
    // STD 10.3.
    let doc = read("forms/minutes.md");
    let (_, mark) = line(&doc, "某县市场监督管理局局务会议纪要");
    assert!(near(
        mark[0].baseline - ink_top(&doc, mark[0]),
        spec::MARGIN_TOP + 35.0,
        0.01
    ));
    let (p, present) = line(&doc, "出席：");
    assert_eq!(present[0].face, doc.fonts().role_id(Role::Hei));
    assert_eq!(present[0].text(), "出席：");
    assert_eq!(present[1].face, doc.fonts().role_id(Role::Fang));
    assert!(near(present[0].x0(), spec::MARGIN_LEFT + 2.0 * CELL, 0.01));
    let wrapped = lines(&doc.pages()[p])
        .into_iter()
        .find(|(b, _)| near(*b, present[0].baseline + LINE_PITCH, 0.01))
        .expect("a wrapped line")
        .1;
    assert!(
        near(wrapped[0].x0(), present[1].x0(), 0.01),
        "aligned after the colon"
    );
    let order: Vec<(usize, f32)> = ["出席：", "请假：", "列席："]
        .iter()
        .map(|l| {
            let (page, rs) = line(&doc, l);
            (page, rs[0].baseline)
        })
        .collect();
    let last_body = lines(&doc.pages()[p])
        .into_iter()
        .filter(|(b, _)| *b < present[0].baseline)
        .map(|(b, _)| b)
        .fold(0.0, f32::max);
    assert!(
        near(present[0].baseline - last_body, 2.0 * LINE_PITCH, 0.01),
        "one blank line above 出席"
    );
    assert!(order
        .windows(2)
        .all(|w| (w[0].0, w[0].1) < (w[1].0, w[1].1)));
    assert!(
        doc.pages()
            .iter()
            .flat_map(|p| &p.items)
            .all(|i| !matches!(i, Item::Image { .. })),
        "no seal on minutes"
    );
}

#[test]
fn joint_mark_stacks_the_names_with_wenjian_centred_to_their_right() {
    // STD 7.2.4.
    let doc = read("forms/joint.md");
    let page = &doc.pages()[0];
    let reds: Vec<_> = page.runs().filter(|r| r.color == Color::RED).collect();
    let names: Vec<_> = reds.iter().filter(|r| r.text() != "文件").collect();
    let wenjian = reds.iter().find(|r| r.text() == "文件").expect("文件");
    assert_eq!(names.len(), 2);
    assert!(near(
        wenjian.baseline,
        (names[0].baseline + names[1].baseline) / 2.0,
        0.01
    ));
    assert!(wenjian.x0() > names[0].x1());
    let left = names.iter().map(|r| r.x0()).fold(f32::MAX, f32::min);
    assert!(
        near((left + wenjian.x1()) / 2.0, 106.0, 0.1),
        "the block is centred"
    );
    assert!(
        near(names[0].x0(), names[1].x0(), 0.01) && near(names[0].x1(), names[1].x1(), 0.05),
        "names aligned"
    );
    assert!(near(
        names[0].baseline - ink_top(&doc, names[0]),
        spec::MARGIN_TOP + 35.0,
        0.01
    ));
}

#[test]
fn upward_document_has_number_left_and_signers_right_on_one_line() {
    // STD 7.2.5–7.2.6.
    let doc = read("forms/upward.md");
    let (_, rs) = line(&doc, "某市监〔2023〕30号");
    assert!(near(rs[0].x0(), spec::MARGIN_LEFT + CELL, 0.01));
    assert_eq!(text(&rs[1..]), "签发人：张某某　李某某");
    assert!(near(
        rs.last().unwrap().x1(),
        spec::BLOCK_RIGHT - CELL,
        0.05
    ));
}

#[test]
fn document_kinds_warn_where_the_regulations_expect_otherwise() {
    let messages = |name: &str| -> Vec<String> {
        warnings(&read(name))
            .iter()
            .map(|d| d.to_string())
            .collect()
    };
    let request = messages("warnings/request-to-many.md");
    for expected in [
        "should name its 签发人",
        "goes to one 主送机关",
        "not copied to subordinate organs (条例 第十五条), but 抄送 names “各乡镇市场监管所”",
    ] {
        assert!(
            request.iter().any(|m| m.contains(expected)),
            "{expected} in {request:?}"
        );
    }
    assert_eq!(request.len(), 3, "{request:?}");
    let minutes = messages("forms/minutes-sealed.md");
    assert!(minutes.iter().any(|m| m.contains("纪要 are not sealed")));
    let order = messages("warnings/order-unsigned.md");
    assert!(order.iter().any(|m| m.contains("signed with a 签名章")));
    assert!(
        messages("forms/upward.md").is_empty(),
        "a 请示 with 签发人, one 主送 and an upward 抄送 is fine"
    );
}

#[test]
fn several_signers_go_two_a_line_above_the_number_aligned_under_the_first_name() {
    // STD 7.2.5–7.2.6: the first signer line two lines below the mark, 居右空一字; later
    // lines under its first name; the 字号 on the last line.
    let doc = read("forms/upward-four-signers.md");
    let (_, first) = line(&doc, "签发人：张某某　李某某");
    let (_, last) = line(&doc, "某市监〔2023〕32号");
    assert_eq!(text(&last[1..]), "王某某　欧阳某某");
    assert!(near(last[0].baseline - first[0].baseline, LINE_PITCH, 0.01));
    let first_name = first.iter().find(|r| r.text().starts_with("张")).unwrap();
    assert!(near(last[1].x0(), first_name.x0(), 0.01), "aligned names");
    assert!(
        near(first.last().unwrap().x1(), spec::BLOCK_RIGHT - CELL, 0.05),
        "the first line one character in from the right"
    );
    assert!(
        last.last().unwrap().x1() <= spec::BLOCK_RIGHT + 0.01,
        "the longer last line inside the 版心"
    );
    let mark = doc.pages()[0]
        .runs()
        .find(|r| r.color == Color::RED)
        .unwrap();
    let mark_bottom = em_bottom(mark);
    assert!(near(
        first[0].em_top() - mark_bottom,
        spec::DOCNO_GAP_LINES * LINE_PITCH,
        0.01
    ));
    let rule = rules(&doc.pages()[0], Color::RED)[0];
    assert!(near(
        rule.1 - (last[0].em_top() + pt(spec::SIZE_3)),
        spec::RED_RULE_GAP,
        0.01
    ));
}

#[test]
fn joint_seals_press_names_side_by_side_in_rows_inside_the_block_without_touching() {
    // STD 7.3.5.1: one seal per organ, centred on its name; the last presses name and
    // date; seals neither meet nor leave the 版心; the first row within a line of the text.
    let doc = read("forms/joint-sealed.md");
    let (page, date) = line(&doc, "2023年8月25日");
    let items = &doc.pages()[page].items;
    let seals: Vec<(f32, f32, f32, String)> = items
        .iter()
        .filter_map(|i| match i {
            Item::Image { x, y, w, path, .. } => Some((
                *x + w / 2.0,
                *y + w / 2.0,
                *w,
                path.file_name()?.to_string_lossy().into_owned(),
            )),
            _ => None,
        })
        .collect();
    let names: Vec<&str> = seals.iter().map(|s| s.3.as_str()).collect();
    assert_eq!(
        names,
        ["seal.png", "seal-2.png", "seal.png"],
        "one image per organ"
    );
    for (i, a) in seals.iter().enumerate() {
        assert!(near(a.2, spec::SEAL_DIAMETER, 0.01));
        assert!(a.0 - a.2 / 2.0 >= spec::MARGIN_LEFT && a.0 + a.2 / 2.0 <= spec::BLOCK_RIGHT);
        for b in &seals[i + 1..] {
            let apart = (a.0 - b.0).hypot(a.1 - b.1);
            assert!(
                apart >= a.2 + spec::SEAL_MIN_GAP - 0.01,
                "seals {a:?} {b:?} touch"
            );
        }
    }
    let on_page = lines(&doc.pages()[page]);
    let find = |t: &str| {
        on_page
            .iter()
            .find(|(_, rs)| text(rs) == t)
            .map(|(_, rs)| rs.clone())
            .unwrap_or_else(|| panic!("no {t}"))
    };
    let (row1, row2) = (find("某县市场监督管理局某县教育局"), find("某县卫生健康局"));
    // Each name's span of glyphs: 9 + 5 on the first row, 7 on the second.
    let span = |run: &gongwen::layout::TextRun, from: usize, n: usize| {
        let g = &run.glyphs[from..from + n];
        (g[0].x, g[n - 1].x + g[n - 1].advance, run.baseline)
    };
    let spans = [
        span(row1[0], 0, 9),
        span(row1[0], 9, 5),
        span(row2[0], 0, 7),
    ];
    assert!(
        spans[1].0 - spans[0].1 > CELL,
        "two names side by side, apart"
    );
    for (s, seal) in spans.iter().zip(&seals) {
        assert!(near((s.0 + s.1) / 2.0, seal.0, 0.1), "{s:?} under {seal:?}");
        assert!(
            near(s.2, seal.1, LINE_PITCH / 2.0),
            "the name under the seal's centre"
        );
    }
    let last = seals.last().unwrap();
    assert!(near((date[0].x0() + date[0].x1()) / 2.0, last.0, 0.1));
    assert!(near(date[0].x1(), spec::BLOCK_RIGHT - 4.0 * CELL, 0.1));
    assert!(
        date[0].baseline > last.1,
        "the date below the last seal's centre"
    );
    let text_above = on_page
        .iter()
        .map(|(b, _)| *b)
        .filter(|&b| b < row1[0].baseline - 1.0)
        .fold(f32::MIN, f32::max);
    assert!(
        seals[0].1 - seals[0].2 / 2.0 - text_above <= LINE_PITCH,
        "first row's top within a line of the text"
    );
}

#[test]
fn five_signers_start_two_lines_below_the_mark_the_number_on_the_third_line() {
    let doc = Converter::new()
        .unwrap()
        .read_str(
            "---\n发文机关: 某县市场监督管理局\n发文字号: 某市监〔2023〕33号\n签发人: [张三, 李四, 王五, 赵六, 钱七]\n标题: 报告\n---\n\n正文。\n",
        )
        .unwrap();
    let (_, first) = line(&doc, "签发人：张三");
    let (_, last) = line(&doc, "某市监〔2023〕33号");
    assert_eq!(text(&last[1..]), "钱七");
    assert!(near(
        last[0].baseline - first[0].baseline,
        2.0 * LINE_PITCH,
        0.01
    ));
    let mark = doc.pages()[0]
        .runs()
        .find(|r| r.color == Color::RED)
        .unwrap();
    let mark_bottom = em_bottom(mark);
    assert!(
        near(
            first[0].em_top() - mark_bottom,
            spec::DOCNO_GAP_LINES * LINE_PITCH,
            0.01
        ),
        "two lines between the mark and the first signer line"
    );
}

#[test]
fn a_sealed_name_longer_than_its_column_stays_inside_the_block_with_its_seal_on_it() {
    let doc = Converter::new()
        .unwrap()
        .allow_root(fixture("forms"))
        .read_str(
            "---\n发文机关: [某某省某某市某某县市场监督管理局稽查执法大队, 某县教育局]\n标题: 通知\n成文日期: 2023-08-25\n印章: seal.png\n---\n\n正文。\n",
        )
        .unwrap();
    let (page, _) = line(&doc, "2023年8月25日");
    let name: Vec<_> = doc.pages()[page]
        .runs()
        .filter(|r| r.color == Color::BLACK && r.text().starts_with("某某省某某市"))
        .collect();
    assert_eq!(name.len(), 1);
    assert!(name[0].x0() >= spec::MARGIN_LEFT - 0.01);
    assert!(name.last().unwrap().x1() <= spec::BLOCK_RIGHT + 0.1);
    let seal = doc.pages()[page]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image { x, w, .. } => Some(x + w / 2.0),
            _ => None,
        })
        .unwrap();
    let centre = (name[0].x0() + name.last().unwrap().x1()) / 2.0;
    assert!(
        near(seal, centre, 0.1),
        "the first seal presses its own name: {seal} {centre}"
    );
}
