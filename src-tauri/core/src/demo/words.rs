//! Word lists for the demo institution: Japanese names, faculties, companies and invention titles
//! shaped like real ones. Fictional: no list item names a real person or a real company's product.

/// Family names (姓), common ones first so the demo looks like a real faculty list.
pub const SURNAMES: &[&str] = &[
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
    "斎藤",
    "清水",
    "山崎",
    "森",
    "池田",
    "橋本",
    "阿部",
    "石川",
    "山下",
    "中島",
    "石井",
    "小川",
    "前田",
    "岡田",
    "長谷川",
    "藤田",
    "後藤",
    "近藤",
    "村上",
    "遠藤",
    "青木",
    "坂本",
    "斉藤",
    "福田",
    "太田",
    "西村",
    "藤井",
    "金子",
    "岡本",
    "藤原",
    "中野",
    "三浦",
];

/// Given names (名).
pub const GIVEN_NAMES: &[&str] = &[
    "翔太",
    "大輔",
    "健一",
    "誠",
    "直樹",
    "隆",
    "浩二",
    "哲也",
    "洋平",
    "拓也",
    "和也",
    "聡",
    "亮",
    "修",
    "美穂",
    "由美",
    "恵子",
    "真理子",
    "陽子",
    "直子",
    "彩",
    "千尋",
    "智子",
    "愛",
    "優子",
    "理恵",
    "香織",
    "健太",
    "悠人",
    "蓮",
    "結衣",
    "葵",
    "雄一",
    "信行",
    "光男",
    "久美子",
    "明美",
    "康弘",
    "正人",
    "達也",
];

/// Faculties (研究科) with their departments, and the kind of invention each produces.
pub const FACULTIES: &[(&str, &[&str], Field)] = &[
    (
        "工学研究科",
        &[
            "機械工学専攻",
            "電気電子工学専攻",
            "応用化学専攻",
            "情報工学専攻",
            "材料工学専攻",
        ],
        Field::Engineering,
    ),
    (
        "医学系研究科",
        &["内科学講座", "外科学講座", "病理学講座", "薬理学講座"],
        Field::Medicine,
    ),
    (
        "理学研究科",
        &["物理学専攻", "化学専攻", "生物科学専攻"],
        Field::Science,
    ),
    (
        "農学研究科",
        &["生物資源科学専攻", "食品科学専攻", "森林科学専攻"],
        Field::Agriculture,
    ),
];

/// The broad field of a faculty: it decides the shape of its invention titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Engineering,
    Medicine,
    Science,
    Agriculture,
}

/// Title parts per field: (subjects, objects, title patterns with {s} and {o}).
pub fn title_parts(
    field: Field,
) -> (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
) {
    match field {
        Field::Engineering => (
            &[
                "酸化物半導体",
                "窒化ガリウム",
                "炭素繊維強化樹脂",
                "リチウムイオン",
                "全固体電池用電解質",
                "ペロブスカイト",
                "深層学習モデル",
                "超音波",
                "磁性ナノ粒子",
                "セラミックス",
                "水素吸蔵合金",
                "有機EL",
            ],
            &[
                "薄膜トランジスタ",
                "パワーデバイス",
                "複合材料",
                "二次電池",
                "太陽電池",
                "画像認識装置",
                "非破壊検査装置",
                "モータ制御装置",
                "熱交換器",
                "センサ素子",
                "触媒",
                "通信システム",
            ],
            &[
                "{s}を用いた{o}及びその製造方法",
                "{s}を含む{o}",
                "{o}の制御方法及び{s}",
                "{s}系{o}の製造方法",
                "高効率な{o}及び{s}の形成方法",
                "{s}による{o}の評価方法",
            ],
        ),
        Field::Medicine => (
            &[
                "がん",
                "アルツハイマー病",
                "糖尿病",
                "炎症性腸疾患",
                "心不全",
                "敗血症",
                "骨粗鬆症",
                "難聴",
                "肝線維症",
            ],
            &[
                "バイオマーカー",
                "抗体",
                "医薬組成物",
                "診断キット",
                "核酸医薬",
                "細胞製剤",
                "検出方法",
                "治療用デバイス",
            ],
            &[
                "{s}の{o}",
                "{s}の予防又は治療のための{o}",
                "{s}検出用{o}及びその利用",
                "{s}に対する{o}及びその製造方法",
                "{s}のリスク判定方法及び{o}",
            ],
        ),
        Field::Science => (
            &[
                "量子",
                "光格子",
                "テラヘルツ波",
                "キラル分子",
                "金属有機構造体",
                "超伝導",
                "蛍光タンパク質",
                "二次元材料",
            ],
            &[
                "計測装置",
                "化合物",
                "分光方法",
                "結晶",
                "分子プローブ",
                "光源",
                "分離膜",
                "ゲノム編集ツール",
            ],
            &[
                "{s}を利用した{o}",
                "新規な{s}{o}",
                "{s}を含む{o}及びその合成方法",
                "{s}による{o}の製造方法",
            ],
        ),
        Field::Agriculture => (
            &[
                "イネ",
                "トマト",
                "乳酸菌",
                "木質バイオマス",
                "魚類",
                "酵母",
                "微生物",
                "ダイズ",
            ],
            &[
                "品種の育成方法",
                "発酵食品",
                "飼料",
                "生分解性樹脂",
                "病害抵抗性植物",
                "機能性食品素材",
                "鮮度保持剤",
            ],
            &[
                "{s}由来の{o}",
                "{s}を用いた{o}",
                "{s}の{o}",
                "{s}を含有する{o}及びその製造方法",
            ],
        ),
    }
}

/// Fictional companies that co-apply, license and fund joint research.
pub const COMPANIES: &[&str] = &[
    "株式会社東和電機",
    "日邦化学工業株式会社",
    "株式会社みなと製作所",
    "北辰製薬株式会社",
    "株式会社青嶺マテリアル",
    "大洋食品株式会社",
    "株式会社フロンティアバイオ",
    "三葉精密株式会社",
    "株式会社光輝オプティクス",
    "常盤エネルギー株式会社",
    "株式会社さくらメディカル",
    "関東農産株式会社",
    "株式会社ネクストロボティクス",
    "瑞穂ソフトウェア株式会社",
    "株式会社新星セラミックス",
    "富岳モビリティ株式会社",
];

/// Patent firms (特許事務所).
pub const PATENT_FIRMS: &[&str] = &[
    "青山国際特許事務所",
    "桜橋特許事務所",
    "特許業務法人みらい知財",
    "丸の内国際特許事務所",
];

/// Funding sources of the research behind disclosures; the flag marks government funding, which
/// brings 日本版バイ・ドール (産業技術力強化法17条) reporting.
pub const FUNDING: &[(&str, bool)] = &[
    ("運営費交付金", false),
    ("科学研究費助成事業（科研費）", true),
    ("JST 戦略的創造研究推進事業", true),
    ("AMED 革新的医療技術創出拠点", true),
    ("NEDO 先導研究プログラム", true),
    ("民間企業との共同研究", false),
    ("受託研究", false),
];

/// Reasons recorded when the institution does not take over an invention (不承継).
pub const NON_SUCCESSION_REASONS: &[&str] = &[
    "先行技術調査の結果、新規性・進歩性の見込みが低い",
    "市場性が乏しく実施可能性が低い",
    "学会発表済みで新規性喪失の例外の適用期間を経過",
    "共同研究先が単独で出願を希望（持分譲渡）",
];
