// Japanese: words the records forms share (save, edit, create, remove) and their checks of numbers typed.
export const forms = {
  save: '保存',
  edit: '編集',
  create: '新規登録',
  notYen: '金額は整数の円で入力してください（例: 1,000,000）',
  notPercent: '料率は百分率で入力してください（例: 3 または 3.5）',
  notCount: '0以上の整数で入力してください',
  saved: '保存しました',
  required: '必須',
  remove: '削除',
  add: '追加',
} as const;
