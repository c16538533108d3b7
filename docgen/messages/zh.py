"""The Chinese messages, key → template (see ``docgen.messages`` for how to add one)."""

MESSAGES: dict[str, str] = {
    # errors.py
    "errors.validation_failed": "数据校验未通过",
    # docgen/finalize/sign.py
    "sign.p12.unreadable": "无法读取证书文件：{strerror}",
    "sign.p12.no_password": "没有给出证书密码：环境变量 {env} 未设置，也没有终端可以输入",
    "sign.p12.no_password.hint": "把密码放在环境变量 {env} 中（或用 --password-env 指定变量名），或在终端中运行",
    "sign.p12.wrong_password": "无法打开证书文件：密码不对，或不是 PKCS#12（.p12/.pfx）文件",
    "sign.p12.wrong_password.hint": "密码可放在环境变量 {env} 中，或在提示时输入",
    "sign.pdf.damaged": "无法读取 PDF（已损坏，或不是 PDF）：{error}",
    "sign.pdf.no_seal": "PDF 中没有印章图片，无法在印章处显示签名",
    "sign.pdf.no_seal.hint": "去掉 --visible，或先生成带印章的定稿",
    "sign.tsa.no_timestamp": "无法从时间戳服务取得时间戳：{timestamp_url}（{error_type}: {error}）",
    "sign.tsa.no_timestamp.hint": "检查网址和网络，或去掉 --timestamp 先签 PAdES-B（无可信时间）",
    "sign.pdf.unreadable": "无法读取 PDF：{strerror}",
    "sign.pdf.draft_refused": "这不是定稿（PDF 没有定稿标记），拒绝签名草稿",
    "sign.pdf.draft_refused.hint": "先用 docgen render --final 生成定稿；确需签署非定稿时加 --allow-draft",
    "sign.folder.no_pdf": "文件夹中没有 PDF",
    "sign.pdf.manifest_mismatch": "PDF 与清单中记录的不一致（已被改动或不是这次生成的），拒绝签名",
    "sign.pdf.manifest_mismatch.hint": "用 docgen verify 检查，或重新生成定稿",
}
