//! The fields a column can fill, with their mapping-file names and the headers registers use.
//!
//! One table for every kind: each kind's importer lists the fields it reads, and a header is only
//! looked up among those, so one header may mean different fields in different registers (種別 is
//! the kind of right in an application register and the kind of contract in an agreement
//! register; 状態 is read by each kind's own vocabulary).

/// A field a column can fill. Which fields a kind uses is up to the kind's importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 整理番号: the office's own reference; the matching key with the application number.
    Reference,
    /// ファミリー: the family reference.
    Family,
    /// 国/地域.
    Office,
    /// 種別 (特許/実用新案/意匠/商標).
    RightType,
    /// 発明の名称 / 件名 / 契約名.
    Title,
    /// 出願番号.
    ApplicationNumber,
    /// 出願日.
    FiledOn,
    /// 公開番号.
    PublicationNumber,
    /// 公開日.
    PublishedOn,
    /// 審査請求日.
    ExamRequestedOn,
    /// 登録番号.
    RegistrationNumber,
    /// 登録日.
    RegisteredOn,
    /// 状態 (read by each kind's vocabulary).
    Status,
    /// 発明者 (with optional shares).
    Inventors,
    /// 出願人 / 共同出願人 (with optional shares).
    Applicants,
    /// 代理人 / 特許事務所.
    PatentFirm,
    /// 担当者.
    Responsible,
    /// 年金納付済年.
    AnnuitiesPaidTo,
    /// 備考.
    Notes,
    /// 発明届出番号.
    DisclosureNumber,
    /// 受付日 / 届出日 (disclosures).
    ReceivedOn,
    /// 承継 (disclosures).
    Succession,
    /// 承継決定日.
    SuccessionOn,
    /// 資金 (disclosures).
    Funding,
    /// 国費 (バイ・ドール) (disclosures).
    GovernmentFunded,
    /// 評価 (disclosures).
    Evaluation,
    /// 承継理由 (disclosures).
    SuccessionReason,
    /// 秘密 (disclosures).
    Confidential,
    /// 契約番号.
    AgreementNumber,
    /// 種類 of an agreement (共同研究, 実施許諾, …).
    AgreementKind,
    /// 締結日.
    SignedOn,
    /// 発効日 / 開始日.
    EffectiveOn,
    /// 満了日 / 終了日.
    ExpiresOn,
    /// 解除日.
    TerminatedOn,
    /// 自動更新.
    AutoRenewal,
    /// 更新期間 (months).
    RenewalTermMonths,
    /// 更新拒絶の通知期限 (days before the end of a term).
    RenewalNoticeDays,
    /// 相手方 (with optional roles).
    Parties,
    /// 対象: the applications, families and disclosures an agreement covers.
    Links,
    /// 実施分野.
    FieldOfUse,
    /// 許諾地域.
    Territory,
    /// 一時金 (yen).
    UpfrontYen,
    /// 実施料率.
    RoyaltyRate,
    /// 実施料の算定基礎.
    RoyaltyBase,
    /// 最低実施料 (yen a year).
    AnnualMinimumYen,
    /// 研究費 (yen).
    FundingYen,
    /// 区分 of a deadline: 自動 (computed) or 手動 (entered by hand).
    Origin,
    /// 手続コード: the rule code of a deadline.
    Code,
    /// 手続: what is due.
    Procedure,
    /// 期限.
    Due,
    /// 年次 (annuity year).
    Year,
    /// 移行国 (national-phase target).
    Target,
    /// 完了日.
    DoneOn,
    /// 完了者.
    DoneBy,
    /// 完了メモ.
    DoneNote,
    /// 放棄理由.
    WaiveReason,
    /// A column the export writes but that is computed from other records (対象件数, 収入累計):
    /// recognised so it is not reported as unknown, never imported.
    Computed,
    /// A column the mapping file says to skip.
    Ignore,
}

use Field as F;

/// Every field: its mapping-file name and the headers registers use (compared folded).
#[rustfmt::skip]
const TABLE: &[(Field, &str, &[&str])] = &[
    (F::Reference, "reference", &["整理番号", "社内整理番号", "管理番号", "案件番号", "当方整理番号", "reference", "ref", "refno", "docketno", "docketnumber", "ourref"]),
    (F::Family, "family", &["ファミリー", "ファミリー番号", "family", "familyreference"]),
    (F::Office, "office", &["国", "国/地域", "国・地域", "国名", "出願国", "地域", "国等", "country", "office", "jurisdiction"]),
    (F::RightType, "right_type", &["種別", "権利種別", "法域", "権利", "righttype", "type", "kind"]),
    (F::Title, "title", &["発明の名称", "名称", "考案の名称", "意匠に係る物品", "商標", "件名", "契約名", "契約件名", "title", "inventiontitle"]),
    (F::ApplicationNumber, "application_number", &["出願番号", "applicationnumber", "applicationno", "appno", "applno"]),
    (F::FiledOn, "filed_on", &["出願日", "filingdate", "filedon", "applicationdate", "filed"]),
    (F::PublicationNumber, "publication_number", &["公開番号", "公表番号", "publicationnumber", "publicationno"]),
    (F::PublishedOn, "published_on", &["公開日", "公表日", "publicationdate", "publishedon"]),
    (F::ExamRequestedOn, "exam_requested_on", &["審査請求日", "examinationrequestdate", "examrequested", "examrequestedon", "requestforexamination"]),
    (F::RegistrationNumber, "registration_number", &["登録番号", "特許番号", "registrationnumber", "patentnumber", "patentno", "registrationno"]),
    (F::RegisteredOn, "registered_on", &["登録日", "設定登録日", "registrationdate", "registeredon", "grantdate"]),
    (F::Status, "status", &["状態", "ステータス", "経過", "現状", "状況", "進捗", "status", "state"]),
    (F::Inventors, "inventors", &["発明者", "考案者", "創作者", "inventors", "inventor"]),
    (F::Applicants, "applicants", &["出願人", "共同出願人", "権利者", "applicants", "applicant", "coapplicants", "owner"]),
    (F::PatentFirm, "patent_firm", &["代理人", "特許事務所", "事務所", "patentfirm", "attorney", "agent"]),
    (F::Responsible, "responsible", &["担当者", "担当", "主担当", "responsible", "staff"]),
    (F::AnnuitiesPaidTo, "annuities_paid_to", &["年金納付済年", "納付済年分", "年金", "annuitiespaidto", "annuitypaidto"]),
    (F::Notes, "notes", &["備考", "メモ", "コメント", "notes", "note", "remarks", "comment"]),
    (F::DisclosureNumber, "disclosure_number", &["発明届出番号", "届出番号", "発明届番号", "受付番号", "disclosurenumber", "disclosureno", "inventiondisclosure"]),
    (F::ReceivedOn, "received_on", &["受付日", "届出日", "受理日", "発明届出日", "receivedon", "received", "disclosuredate"]),
    (F::Succession, "succession", &["承継", "承継判断", "承継可否", "承継の有無", "succession"]),
    (F::SuccessionOn, "succession_on", &["承継決定日", "承継日", "判断日", "successionon", "successiondate"]),
    (F::Funding, "funding", &["資金", "資金源", "研究資金", "funding", "fundingsource"]),
    (F::GovernmentFunded, "government_funded", &["国費", "バイドール", "日本版バイドール", "国の委託研究", "governmentfunded", "bayhdole"]),
    (F::Evaluation, "evaluation", &["評価", "評価結果", "評価コメント", "evaluation"]),
    (F::SuccessionReason, "succession_reason", &["承継理由", "判断理由", "不承継理由", "successionreason", "reason"]),
    (F::Confidential, "confidential", &["秘密", "秘", "機密", "confidential"]),
    (F::AgreementNumber, "agreement_number", &["契約番号", "契約no", "契約管理番号", "agreementnumber", "agreementno", "contractno", "contractnumber"]),
    (F::AgreementKind, "agreement_kind", &["種類", "種別", "契約種別", "契約の種類", "契約種類", "kind", "type", "agreementkind"]),
    (F::SignedOn, "signed_on", &["締結日", "契約締結日", "契約日", "signedon", "signed", "signingdate"]),
    (F::EffectiveOn, "effective_on", &["発効日", "開始日", "契約開始日", "効力発生日", "契約期間開始", "effectiveon", "effective", "startdate", "start"]),
    (F::ExpiresOn, "expires_on", &["満了日", "終了日", "契約終了日", "期間満了日", "契約期間終了", "expireson", "expires", "enddate", "end"]),
    (F::TerminatedOn, "terminated_on", &["解除日", "解約日", "終了(解約)日", "terminatedon", "terminated"]),
    (F::AutoRenewal, "auto_renewal", &["自動更新", "autorenewal"]),
    (F::RenewalTermMonths, "renewal_term_months", &["更新期間", "renewaltermmonths", "renewalterm"]),
    (F::RenewalNoticeDays, "renewal_notice_days", &["更新拒絶通知", "通知期限", "renewalnoticedays", "noticedays"]),
    (F::Parties, "parties", &["相手方", "相手先", "契約相手", "契約先", "相手方企業", "parties", "party", "counterparty", "partner"]),
    (F::Links, "links", &["対象", "対象案件", "対象特許", "対象出願", "links", "covers", "patents"]),
    (F::FieldOfUse, "field_of_use", &["実施分野", "分野", "fieldofuse", "field"]),
    (F::Territory, "territory", &["許諾地域", "実施地域", "territory"]),
    (F::UpfrontYen, "upfront_yen", &["一時金", "契約一時金", "イニシャル", "upfront", "upfrontyen"]),
    (F::RoyaltyRate, "royalty_rate", &["実施料率", "ロイヤリティ率", "ロイヤルティ率", "料率", "royaltyrate", "royalty"]),
    (F::RoyaltyBase, "royalty_base", &["実施料の基礎", "算定基礎", "royaltybase"]),
    (F::AnnualMinimumYen, "annual_minimum_yen", &["最低実施料", "ミニマム", "annualminimum", "annualminimumyen"]),
    (F::FundingYen, "funding_yen", &["研究費", "共同研究費", "受託研究費", "研究経費", "funding", "fundingyen"]),
    (F::Origin, "origin", &["区分", "種別", "origin"]),
    (F::Code, "code", &["手続コード", "コード", "規則", "code", "rule"]),
    (F::Procedure, "procedure", &["手続", "手続き", "手続名", "手続内容", "期限内容", "内容", "件名", "procedure", "action", "task", "title"]),
    (F::Due, "due", &["期限", "期限日", "期日", "締切", "締切日", "応答期限", "due", "duedate", "deadline"]),
    (F::Year, "year", &["年次", "年分", "year"]),
    (F::Target, "target", &["移行国", "移行先", "target"]),
    (F::DoneOn, "done_on", &["完了日", "対応日", "処理日", "手続日", "済日", "doneon", "done", "completed"]),
    (F::DoneBy, "done_by", &["完了者", "対応者", "処理者", "doneby"]),
    (F::DoneNote, "done_note", &["完了メモ", "対応メモ", "処理内容", "donenote"]),
    (F::WaiveReason, "waive_reason", &["放棄理由", "不要理由", "見送り理由", "waivereason"]),
    (F::Computed, "computed", &["対象件数", "収入累計", "links_count", "incomeyen"]),
    (F::Ignore, "ignore", &[]),
];

impl Field {
    /// The mapping-file name of the field.
    pub fn name(self) -> &'static str {
        TABLE
            .iter()
            .find(|(f, _, _)| *f == self)
            .map_or("ignore", |(_, n, _)| n)
    }

    /// The headers registers use for this field (compared folded, see
    /// [`fold_header`](super::columns::fold_header)).
    pub fn synonyms(self) -> &'static [&'static str] {
        TABLE
            .iter()
            .find(|(f, _, _)| *f == self)
            .map_or(&[], |(_, _, s)| s)
    }

    /// Every mapping-file name, for messages.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        TABLE.iter().map(|(_, n, _)| *n)
    }

    /// The field a mapping file names.
    pub fn from_name(name: &str) -> Option<Field> {
        let key = name.trim().to_ascii_lowercase();
        TABLE.iter().find(|(_, n, _)| *n == key).map(|(f, _, _)| *f)
    }
}
