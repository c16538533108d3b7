"""Sign-off and filing (issue 6): final documents, archival PDF structure, DOCX properties, PAdES signature,
manifest, verify. A throwaway CA and signing certificate are generated per session; every tamper test
flips one byte (or one field) and asserts which fact turned false."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import typer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.reader import PdfFileReader

from docgen import api
from docgen.cli import main
from docgen.errors import InputError, ValidationFailed
from docgen.finalize import manifest as mf
from docgen.finalize.sign import sign
from docgen.finalize.verify import verify
from docgen.render.options import RenderOptions

ROOT = Path(__file__).resolve().parent.parent
REQUEST = ROOT / "inputs" / "request-2024.yaml"  # 上行文: 发文字号 and 签发人 in the data
ERRORS = ROOT / "inputs" / "annual-2024-errors.yaml"
PASSWORD = "s3cret-口令"
STAMP = dt.datetime(2024, 2, 21, 9, 30, tzinfo=dt.UTC)


# --- a throwaway PKI --------------------------------------------------------------------------------------
def _name(cn: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"), x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    )


def _cert(subject, issuer, key, signing_key, ca: bool) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
    )
    if not ca:
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CODE_SIGNING]), critical=False)
    return b.sign(signing_key, hashes.SHA256())


@pytest.fixture(scope="session")
def pki(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("pki")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert(_name("docgen 测试根证书"), _name("docgen 测试根证书"), ca_key, ca_key, ca=True)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _cert(_name("常德市民政局"), ca.subject, key, ca_key, ca=False)
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_ca = _cert(_name("别的根证书"), _name("别的根证书"), other_key, other_key, ca=True)
    (d / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (d / "ca-key.pem").write_bytes(
        ca_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (d / "other-ca.pem").write_bytes(other_ca.public_bytes(serialization.Encoding.PEM))
    enc = serialization.BestAvailableEncryption(PASSWORD.encode())
    (d / "signer.p12").write_bytes(pkcs12.serialize_key_and_certificates(b"signer", key, cert, [ca], enc))
    # a forger's certificate: another key, issued by another root, with the organ's very name
    clone_key = ec.generate_private_key(ec.SECP256R1())
    clone = _cert(_name("常德市民政局"), other_ca.subject, clone_key, other_key, ca=False)
    (d / "clone.p12").write_bytes(
        pkcs12.serialize_key_and_certificates(b"clone", clone_key, clone, [other_ca], enc)
    )
    return {
        "ca": d / "ca.pem",
        "other_ca": d / "other-ca.pem",
        "p12": d / "signer.p12",
        "clone_p12": d / "clone.p12",
    }


@pytest.fixture(scope="module")
def final_dir(tmp_path_factory) -> Path:
    """One final rendering of the 请示 (data copied so tests may tamper with it)."""
    d = tmp_path_factory.mktemp("final")
    data = d / "request-2024.yaml"
    shutil.copy(REQUEST, data)
    api.render_final(
        data,
        d / "out",
        options=RenderOptions(timestamp=STAMP),
        approved=dt.date(2024, 2, 20),
        version="2",
    )
    return d


@pytest.fixture()
def signed(final_dir, pki, tmp_path) -> Path:
    """A fresh copy of the final outputs, signed; returns the PDF."""
    d = tmp_path / "case"
    shutil.copytree(final_dir, d)
    pdf = d / "out" / "request-2024.pdf"
    sign(pdf, pki["p12"], PASSWORD.encode())
    return pdf


# --- final documents ----------------------------------------------------------------------------------------
def test_final_refused_on_invalid_data(tmp_path):
    with pytest.raises(ValidationFailed):
        api.render_final(ERRORS, tmp_path, signer="张三")
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.json"))


def test_final_refused_on_invalid_data_cli(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["render", str(ERRORS), "--final", "--signer", "张三", "-o", str(tmp_path)])
    assert e.value.code == 1
    assert "不能生成定稿" in capsys.readouterr().err


def test_final_and_draft_exclude_each_other(tmp_path):
    with pytest.raises(SystemExit) as e:
        main(["render", str(REQUEST), "--final", "--draft", "-o", str(tmp_path)])
    assert e.value.code == 2


def _pdf_text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return re.sub(
            r"\s", "", "".join((p.extract_text() or "") for p in doc.pages)
        )  # marks are letter-spaced


def _docx_xml(docx: Path, member: str) -> str:
    with zipfile.ZipFile(docx) as z:
        return "\n".join(z.read(n).decode() for n in z.namelist() if re.fullmatch(member, n))


def test_draft_mark_only_on_drafts(final_dir, tmp_path):
    """The final PDF and DOCX carry no 草稿 mark; a --draft rendering of the same data does."""
    out = final_dir / "out"
    assert "草稿" not in _pdf_text(out / "request-2024.pdf")
    assert "草稿" not in _docx_xml(out / "request-2024.docx", r"word/(header|document)\d*\.xml")
    draft = api.render(REQUEST, tmp_path, options=RenderOptions(draft=True, timestamp=STAMP))
    pdf = next(p for p in draft.outputs if p.suffix == ".pdf")
    docx = next(p for p in draft.outputs if p.suffix == ".docx")
    assert "草稿" in _pdf_text(pdf)
    assert "草稿" in _docx_xml(docx, r"word/header\d*\.xml")


def test_manifest_lists_every_file(final_dir):
    out = final_dir / "out"
    m = json.loads((out / "request-2024.manifest.json").read_text("utf-8"))
    assert m["approval"] == {"signer": "李建国、张明", "date": "2024-02-20", "version": "2"}
    assert m["status"] == "定稿" and m["pdf_variant"] == "pdf/a-3b"
    roles = {e["role"] for e in m["inputs"] + m["templates"] + m["outputs"]}
    assert {"data", "template", "pdf", "docx"} <= roles
    for e in m["inputs"] + m["templates"] + m["outputs"]:
        assert mf.sha256(mf.resolve(e, out).read_bytes()) == e["sha256"]
    assert m["signature"] is None


# --- archival PDF structure ---------------------------------------------------------------------------------
def _reader(pdf: Path) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf.read_bytes()))


def _fonts(reader: PdfFileReader):
    for page in reader.root["/Pages"]["/Kids"]:
        for font in page.get_object()["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            else:
                desc = font.get("/FontDescriptor")
            yield font["/BaseFont"], desc


def _archival_facts(pdf: Path, part: str):
    r = _reader(pdf)
    root = r.root
    intent = root["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in intent
    fonts = list(_fonts(r))
    assert fonts
    for name, desc in fonts:
        assert desc is not None and any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), name
    xmp = root["/Metadata"].get_object().data.decode("utf-8")
    assert f'pdfaid:part="{part}"' in xmp and 'pdfaid:conformance="B"' in xmp
    return r, xmp


def test_pdfa3b_structure(final_dir):
    pdf = final_dir / "out" / "request-2024.pdf"
    r, xmp = _archival_facts(pdf, "3")
    # the 公文's properties, in XMP (declared by an extension schema) and in the Info dictionary
    assert "<gongwen:docNumber>常民呈〔2024〕7号</gongwen:docNumber>" in xmp
    assert "<gongwen:signer>李建国、张明</gongwen:signer>" in xmp
    assert "pdfaExtension:schemas" in xmp and "<pdfaSchema:prefix>gongwen</pdfaSchema:prefix>" in xmp
    assert "关于申请安排2024年度政府信息公开专项经费的请示" in xmp
    info = r.trailer["/Info"]
    assert info["/Title"] == "关于申请安排2024年度政府信息公开专项经费的请示"
    assert info["/Author"] == "常德市民政局"
    assert info["/DocNumber"] == "常民呈〔2024〕7号"
    assert info["/Status"] == "定稿" and info["/DocVersion"] == "2"
    assert info["/DocDate"] == "2024-02-20"
    assert str(info["/CreationDate"]).startswith("D:20240221")
    # the data file and the input manifest travel as associated files
    af = [x.get_object() for x in r.root["/AF"]]
    assert len(af) == 2
    by_name = {str(f["/UF"]): f for f in af}
    assert by_name["request-2024.yaml"]["/AFRelationship"] == "/Source"
    assert by_name["request-2024.yaml"]["/EF"]["/F"].get_object().data == REQUEST.read_bytes()
    inner = json.loads(by_name["request-2024.manifest.json"]["/EF"]["/F"].get_object().data)
    assert [o["role"] for o in inner["outputs"]] == ["docx"]  # the DOCX: the PDF itself cannot be in it
    assert inner["outputs"][0]["sha256"] == mf.sha256((final_dir / "out" / "request-2024.docx").read_bytes())
    assert inner["inputs"][0]["sha256"] == mf.sha256(REQUEST.read_bytes())


def test_pdfa2b_structure(tmp_path):
    api.render_final(REQUEST, tmp_path, formats=("pdf",), options=RenderOptions(pdf_variant="pdf/a-2b"))
    r, _ = _archival_facts(tmp_path / "request-2024.pdf", "2")
    # PDF/A-2 may not embed a YAML file: no associated data files
    assert "/AF" not in r.root
    m = json.loads((tmp_path / "request-2024.manifest.json").read_text("utf-8"))
    assert m["pdf_variant"] == "pdf/a-2b"


def test_unknown_pdf_standard_refused(tmp_path):
    with pytest.raises(SystemExit) as e:
        main(["render", str(REQUEST), "--final", "--pdf-standard", "pdf/x-9", "-o", str(tmp_path)])
    assert e.value.code == 2


# --- DOCX properties ----------------------------------------------------------------------------------------
def test_docx_properties(final_dir):
    docx = final_dir / "out" / "request-2024.docx"
    core = _docx_xml(docx, r"docProps/core\.xml")
    assert "<dc:title>关于申请安排2024年度政府信息公开专项经费的请示</dc:title>" in core
    assert "<dc:creator>常德市民政局</dc:creator>" in core
    assert "<cp:contentStatus>定稿</cp:contentStatus>" in core and "<cp:version>2</cp:version>" in core
    assert "2024-02-21T09:30:00Z" in core  # created / modified
    custom = _docx_xml(docx, r"docProps/custom\.xml")
    props = dict(re.findall(r'name="([^"]+)"><vt:lpwstr>([^<]*)</vt:lpwstr>', custom))
    assert props["发文字号"] == "常民呈〔2024〕7号"
    assert props["签发人"] == "李建国、张明"
    assert props["状态"] == "定稿"
    assert props["docgen 版本"]
    types = _docx_xml(docx, r"\[Content_Types\]\.xml")
    assert "/docProps/custom.xml" in types and "custom-properties+xml" in types
    rels = _docx_xml(docx, r"_rels/\.rels")
    assert "relationships/custom-properties" in rels


# --- signing and verification -------------------------------------------------------------------------------
def test_sign_and_verify(signed, pki):
    report = verify(signed, [pki["ca"]])
    assert report.bottom_line, [f.zh for f in report.failed()]
    for key in ("pdf.intact", "pdf.valid", "pdf.coverage", "pdf.trusted", "manifest.signature", "pdf.pdfa"):
        assert report.fact(key).ok is True, key
    assert report.fact("pdf.embedded").ok is True
    assert report.signer == "常德市民政局"
    m = json.loads(mf.manifest_path(signed).read_text("utf-8"))
    assert m["signature"]["signer"] == "常德市民政局"
    assert mf.signature_path(mf.manifest_path(signed)).is_file()
    # the signed PDF is still the archival PDF
    _archival_facts(signed, "3")


def _flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_tampered_pdf_byte_caught(signed, pki):
    data = signed.read_bytes()
    # a byte inside the first page's content stream (signed range, parseable file)
    at = data.index(b"stream", data.index(b"/Length")) + 40
    _flip(signed, at)
    report = verify(signed, [pki["ca"]])
    assert not report.bottom_line
    assert report.fact("pdf.intact").ok is False
    assert report.fact("hash.pdf:request-2024.pdf").ok is False
    assert report.fact("manifest.signature").ok is True  # the manifest itself is untouched


def test_pdf_appended_after_signing_caught(signed, pki):
    signed.write_bytes(signed.read_bytes() + b"\n% appended\n")
    report = verify(signed, [pki["ca"]])
    assert not report.bottom_line
    assert report.fact("pdf.coverage").ok is False


def test_tampered_manifest_field_caught(signed, pki):
    man = mf.manifest_path(signed)
    man.write_text(man.read_text("utf-8").replace('"version": "2"', '"version": "3"'), "utf-8")
    report = verify(signed, [pki["ca"]])
    assert not report.bottom_line
    assert report.fact("manifest.signature").ok is False
    assert report.fact("pdf.intact").ok is True


def test_tampered_input_caught(signed, pki):
    data = signed.parent.parent / "request-2024.yaml"
    _flip(data, 200)
    report = verify(signed, [pki["ca"]])
    assert not report.bottom_line
    assert report.fact("hash.data:request-2024.yaml").ok is False
    assert report.fact("manifest.signature").ok is True and report.fact("pdf.intact").ok is True


def test_tampered_docx_caught(signed, pki):
    _flip(signed.with_suffix(".docx"), 100)
    report = verify(signed, [pki["ca"]])
    assert report.fact("hash.docx:request-2024.docx").ok is False and not report.bottom_line


def test_untrusted_ca_caught(signed, pki):
    report = verify(signed, [pki["other_ca"]])
    assert report.fact("pdf.trusted").ok is False and not report.bottom_line
    assert report.fact("pdf.intact").ok is True


def test_unsigned_final_fails_unless_allowed(final_dir, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    pdf = d / "out" / "request-2024.pdf"
    assert verify(pdf).fact("pdf.signed").ok is False
    assert not verify(pdf).bottom_line
    assert verify(pdf, require_signature=False).bottom_line


def test_sign_refuses_pdf_that_differs_from_manifest(final_dir, pki, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    pdf = d / "out" / "request-2024.pdf"
    _flip(pdf, 2000)
    with pytest.raises(Exception, match="不一致"):
        sign(pdf, pki["p12"], PASSWORD.encode())


# --- CLI: exit codes, Chinese verdict, password never shown ------------------------------------------------
def _run(argv: list[str]) -> int:
    try:
        main(argv)
    except SystemExit as e:
        return int(e.code or 0)
    return 0


def test_cli_sign_verify(final_dir, pki, tmp_path, capsys, monkeypatch):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    pdf = d / "out" / "request-2024.pdf"
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(pdf), "--p12", str(pki["p12"])]) == 0
    assert _run(["verify", str(pdf), "--trust", str(pki["ca"])]) == 0
    captured = capsys.readouterr()
    assert "核验通过" in captured.out
    assert PASSWORD not in captured.out + captured.err
    _flip(pdf, pdf.read_bytes().index(b"stream", pdf.read_bytes().index(b"/Length")) + 40)
    assert _run(["verify", str(pdf), "--trust", str(pki["ca"])]) == 1
    captured = capsys.readouterr()
    assert captured.out.startswith("核验未通过") and "Traceback" not in captured.err


def test_cli_wrong_password(final_dir, pki, tmp_path, capsys, monkeypatch):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", "wrong-密码-xyz")
    assert _run(["sign", str(d / "out" / "request-2024.pdf"), "--p12", str(pki["p12"])]) == 2
    captured = capsys.readouterr()
    assert "密码不对" in captured.err
    assert "wrong-密码-xyz" not in captured.out + captured.err and "Traceback" not in captured.err


# --- the seal in the final outputs ------------------------------------------------------------------------
NOTICE = ROOT / "inputs" / "notice-2024.yaml"  # sealed, with the specimen seal image
NOTICE_DATE = r"2024\s*年\s*1\s*月\s*5\s*日"


def _seal_and_date(pdf: Path) -> tuple[dict, dict]:
    """The seal image and the 成文日期 on the page that carries both (PDF points, top-left origin)."""
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            dates = page.search(NOTICE_DATE, regex=True)
            if dates and page.images:
                return page.images[-1], dates[-1]
    raise AssertionError("no page with both the seal and the date")


def _assert_seal_on_date(pdf: Path) -> None:
    seal, date = _seal_and_date(pdf)
    mm = 72 / 25.4
    assert float(seal["x1"] - seal["x0"]) / mm == pytest.approx(42, abs=0.5)  # the seal's printed size
    # centred on the date horizontally, and the date lies inside the seal's height (压日期)
    assert (seal["x0"] + seal["x1"]) / 2 == pytest.approx((date["x0"] + date["x1"]) / 2, abs=3 * mm)
    assert seal["top"] < date["top"] < seal["bottom"]


@pytest.fixture(scope="module")
def sealed_final(tmp_path_factory, pki) -> Path:
    d = tmp_path_factory.mktemp("sealed")
    api.render_final(NOTICE, d, signer="王局长", options=RenderOptions(timestamp=STAMP))
    sign(d / "notice-2024.pdf", pki["p12"], PASSWORD.encode(), visible=True, font=_fangsong())
    return d


def _fangsong() -> Path:
    from docgen.model import Role
    from docgen.typeset import fonts as fontlib

    return Path(fontlib.resolve().choices[Role.FANGSONG].face.path)


def test_final_pdf_keeps_seal_at_date_after_visible_signature(sealed_final, pki):
    pdf = sealed_final / "notice-2024.pdf"
    _assert_seal_on_date(pdf)
    report = verify(pdf, [pki["ca"]])
    assert report.bottom_line, [f.zh for f in report.failed()]
    assert any(f.key.startswith("hash.image:") and f.ok for f in report.facts)  # the seal image is an input
    # the visible signature's widget lies over the seal
    r = _reader(pdf)
    widgets = [
        a.get_object()
        for p in r.root["/Pages"]["/Kids"]
        for a in p.get_object().get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    ]
    assert len(widgets) == 1


def test_visible_signature_in_seal_area_clear_of_signoff_text(sealed_final):
    """The signature's box lies inside the seal's box and touches none of the 落款's glyphs (署名, date),
    which the seal itself overlaps by design; its appearance has no background that could hide them."""
    pdf = sealed_final / "notice-2024.pdf"
    with pdfplumber.open(pdf) as doc:
        page = next(p for p in doc.pages if p.annots)
        (widget,) = page.annots
        seal = page.images[-1]
        box = tuple(float(widget[k]) for k in ("x0", "top", "x1", "bottom"))
        assert (
            seal["x0"] <= box[0] < box[2] <= seal["x1"] and seal["top"] <= box[1] < box[3] <= seal["bottom"]
        )
        assert box[3] - box[1] >= 12 and box[2] - box[0] >= 60  # room for two legible lines
        signoff = [
            c
            for c in page.chars
            if c["text"] in "常德市民政局2024年1月5日"
            and c["bottom"] > seal["top"]
            and c["top"] < seal["bottom"]
            and c["x1"] > seal["x0"]
            and c["x0"] < seal["x1"]
        ]
        assert len(signoff) >= 12  # the 署名 and the date do lie under the seal
        for c in signoff:
            disjoint = c["x1"] <= box[0] or c["x0"] >= box[2] or c["bottom"] <= box[1] or c["top"] >= box[3]
            assert disjoint, (c["text"], box)
    r = _reader(pdf)
    ap = next(
        a.get_object()["/AP"]["/N"].get_object()
        for p in r.root["/Pages"]["/Kids"]
        for a in p.get_object().get("/Annots", [])
        if a.get_object().get("/FT") == "/Sig"
    )
    assert b" re" not in ap.data and "/XObject" not in ap["/Resources"]  # no box, no background image


@pytest.mark.slow
def test_final_docx_shows_seal_at_date_in_libreoffice(sealed_final, tmp_path):
    from conftest import docx_to_pdf

    _assert_seal_on_date(docx_to_pdf(sealed_final / "notice-2024.docx", tmp_path))


def test_verify_by_manifest_or_folder(signed, pki):
    man = mf.manifest_path(signed)
    assert verify(man, [pki["ca"]]).bottom_line
    assert verify(signed.parent, [pki["ca"]]).bottom_line


def test_removed_manifest_signature_caught(signed, pki):
    mf.signature_path(mf.manifest_path(signed)).unlink()
    report = verify(signed, [pki["ca"]])
    assert report.fact("manifest.signed").ok is False and not report.bottom_line


def test_final_needs_a_signer(tmp_path, capsys):
    """A 下行文 has no 签发人 in its 版头: --final asks for --signer instead of inventing one."""
    assert _run(["render", str(NOTICE), "--final", "-o", str(tmp_path)]) == 2
    assert "--signer" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pdf"))


def test_visible_signature_needs_a_seal(final_dir, pki, tmp_path):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    with pytest.raises(Exception, match="没有印章图片"):
        sign(d / "out" / "request-2024.pdf", pki["p12"], PASSWORD.encode(), visible=True)


def test_folder_sign_names_the_pdf_that_failed(final_dir, pki, tmp_path, monkeypatch, capsys):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(d / "out"), "--p12", str(pki["p12"]), "--visible"]) == 2
    err = capsys.readouterr().err
    assert "request-2024.pdf" in err and "没有印章图片" in err and "1 份未签名" in err


# --- verification as a recipient does it ------------------------------------------------------------------
def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_lone_pdf_is_a_complete_check(signed, pki, tmp_path, capsys):
    """The signed PDF alone, renamed, in a folder with nothing else: signature, embedded manifest, embedded
    data and the properties binding them are all checked, and it passes."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    pdf = inbox / "收到的请示.pdf"
    shutil.copy(signed, pdf)
    report = verify(pdf, [pki["ca"]])
    assert report.bottom_line, [f.zh for f in report.failed()]
    for key in ("pdf.intact", "pdf.coverage", "pdf.trusted", "manifest.embedded", "manifest.pdf_properties"):
        assert report.fact(key).ok is True, key
    assert report.fact("pdf.embedded").ok is True  # the data the PDF carries has the recorded hash
    assert report.fact("manifest.found").ok is None  # no manifest file beside: not a failure
    assert report.fact("hash.data:request-2024.yaml").ok is None
    assert _run(["verify", str(pdf), "--trust", str(pki["ca"])]) == 0
    assert _lines(capsys.readouterr().out)[0].startswith("核验通过")
    # and the lone PDF still catches a change
    _flip(pdf, pdf.read_bytes().index(b"stream", pdf.read_bytes().index(b"/Length")) + 40)
    assert not verify(pdf, [pki["ca"]]).bottom_line


def test_lone_pdf_proves_the_docx_beside_it(signed, pki, tmp_path):
    """A recipient who got the signed PDF and the DOCX, without the manifest file: the manifest the PDF
    carries records the DOCX's hash, so the DOCX is checked, under its own name or renamed as the PDF is;
    a changed DOCX fails, and a PDF alone still passes."""
    docx = signed.with_suffix(".docx")
    for pdf_name, docx_name in (
        (signed.name, docx.name),
        ("收到的请示.pdf", "收到的请示.docx"),  # the pair renamed alike
        ("收到的请示.pdf", docx.name),
    ):
        inbox = tmp_path / f"inbox-{pdf_name}-{docx_name}"
        inbox.mkdir()
        shutil.copy(signed, inbox / pdf_name)
        shutil.copy(docx, inbox / docx_name)
        report = verify(inbox / pdf_name, [pki["ca"]])
        assert report.fact("manifest.found").ok is None  # the embedded manifest serves
        fact = report.fact(f"hash.docx:{docx.name}")
        assert fact.ok is True, [f.zh for f in report.facts]
        assert (f"（{docx_name}）" in fact.zh) == (docx_name != docx.name), fact.zh  # a renamed file is named
        assert report.bottom_line, [f.zh for f in report.failed()]
        _flip(inbox / docx_name, 100)
        changed = verify(inbox / pdf_name, [pki["ca"]])
        assert changed.fact(f"hash.docx:{docx.name}").ok is False and not changed.bottom_line
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(signed, alone / signed.name)
    report = verify(alone / signed.name, [pki["ca"]])
    assert report.fact(f"hash.docx:{docx.name}").ok is None and report.bottom_line


def test_manifest_file_naming_another_docx_does_not_match_the_pdf(signed, pki):
    """The manifest file and the PDF's own manifest must record the same DOCX: a manifest file rewritten
    for another DOCX (its signature aside) no longer matches the PDF it lies beside."""
    man = mf.manifest_path(signed)
    data = json.loads(man.read_text(encoding="utf-8"))
    for entry in data["outputs"]:
        if entry["role"] == "docx":
            entry["sha256"] = "0" * 64
    man.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = verify(signed, [pki["ca"]])
    assert report.fact("manifest.matches_embedded").ok is False and not report.bottom_line


def test_moved_final_folder_verifies(signed, pki, tmp_path):
    """The output folder copied elsewhere, without the data file it was rendered from: the manifest names
    files, so it verifies; a data file put beside it is checked, and caught when changed."""
    moved = tmp_path / "elsewhere" / "filed"
    shutil.copytree(signed.parent, moved)
    pdf = moved / signed.name
    report = verify(pdf, [pki["ca"]])
    assert report.bottom_line, [f.zh for f in report.failed()]
    assert report.fact("hash.data:request-2024.yaml").ok is None  # not there; its embedded copy is checked
    assert report.fact("pdf.embedded").ok is True
    assert report.fact("manifest.matches_embedded").ok is True
    assert report.fact("hash.docx:request-2024.docx").ok is True
    assert report.fact("pdf.rendered_revision").ok is True
    assert verify(moved, [pki["ca"]]).bottom_line
    renamed = moved / "常民呈〔2024〕7号.pdf"  # a recipient renames the PDF: its manifest is still found
    shutil.copy(pdf, renamed)
    report = verify(renamed, [pki["ca"]])
    assert report.manifest == mf.manifest_path(pdf) and report.fact("manifest.signature").ok is True
    assert report.bottom_line, [f.zh for f in report.failed()]
    renamed.unlink()
    shutil.copy(REQUEST, moved / "request-2024.yaml")
    assert verify(pdf, [pki["ca"]]).fact("hash.data:request-2024.yaml").ok is True
    _flip(moved / "request-2024.yaml", 200)
    report = verify(pdf, [pki["ca"]])
    assert report.fact("hash.data:request-2024.yaml").ok is False and not report.bottom_line


def test_manifest_resigned_by_same_name_certificate_fails(signed, pki, capsys):
    """A forger swaps the DOCX, fixes its hash in the manifest and signs the manifest with his own
    certificate carrying the organ's name: without --trust this must not pass. Two facts catch him: the
    manifest's signer is not the PDF's, and the PDF's own manifest records the real DOCX."""
    from docgen.finalize.sign import load_signer, sign_detached, subject_name

    docx = signed.with_suffix(".docx")
    _flip(docx, 100)
    man = mf.manifest_path(signed)
    data = json.loads(man.read_text("utf-8"))
    for o in data["outputs"]:
        if o["role"] == "docx":
            o["sha256"] = mf.sha256(docx.read_bytes())
    man.write_bytes(mf.dumps(data))
    clone = load_signer(pki["clone_p12"], PASSWORD.encode())
    assert subject_name(clone.signing_cert) == "常德市民政局"
    mf.signature_path(man).write_bytes(sign_detached(man.read_bytes(), clone))
    report = verify(signed)
    assert report.fact("manifest.signature").ok is True  # the forged signature is a valid one
    assert report.fact("hash.docx:request-2024.docx").ok is True
    assert report.fact("manifest.same_signer").ok is False
    assert report.fact("manifest.matches_embedded").ok is False
    assert report.verdict == "failed"
    assert _run(["verify", str(signed)]) == 1
    out = capsys.readouterr().out
    assert _lines(out)[0].startswith("核验未通过：清单文件与 PDF 内嵌清单不一致")
    assert "清单与 PDF 不是同一张证书签名" in out
    assert "核验通过" not in out


def test_valid_but_untrusted_is_not_a_pass(signed, capsys):
    report = verify(signed)
    assert not report.failed() and report.verdict == "untrusted" and not report.bottom_line
    assert report.fact("manifest.same_signer").ok is True
    assert _run(["verify", str(signed)]) == 1
    first = _lines(capsys.readouterr().out)[0]
    assert first == "签名有效，但签名证书未经信任验证：请用 --trust 指定机关的根证书"


def test_verdict_first_names_what_decides(signed, pki, capsys):
    """A changed PDF: the first line says the PDF was changed after signing and the signature is void; no
    ✓ for the signature value is shown next to it."""
    data = signed.read_bytes()
    _flip(signed, data.index(b"stream", data.index(b"/Length")) + 40)
    assert _run(["verify", str(signed), "--trust", str(pki["ca"])]) == 1
    out = capsys.readouterr().out
    assert _lines(out)[0].startswith("核验未通过：PDF 在签名后被改动")
    assert "✓ 签名值有效" not in out and "签名值未作判断" in out


def test_manifest_without_its_pdf_fails(signed, pki):
    signed.unlink()
    report = verify(mf.manifest_path(signed), [pki["ca"]])
    assert report.fact("pdf.readable").ok is False and not report.bottom_line


def test_version1_manifest_entries_get_names():
    """Manifests written before names were recorded (docgen-manifest/1, paths only) still load."""
    old = {
        "format": "docgen-manifest/1",
        "inputs": [{"role": "data", "path": "../data/a.yaml", "sha256": "00", "size": 1}],
        "templates": [{"role": "template", "path": "x/t.yaml", "builtin_template": "request", "sha256": "0"}],
        "outputs": [{"role": "pdf", "path": "a.pdf", "sha256": "00", "size": 1}],
    }
    data = mf.checked(old, None)
    assert data["inputs"][0]["name"] == "a.yaml" and data["inputs"][0]["source"] == "../data/a.yaml"
    assert data["templates"][0]["name"] == "x/t.yaml" and "source" not in data["templates"][0]
    assert [p.name for p in mf.candidates(data["inputs"][0], Path("/f/out"))] == ["a.yaml", "a.yaml"]


# --- render --final --no-embed-data -------------------------------------------------------------------------
def test_final_without_embedded_data(tmp_path, pki):
    d = tmp_path / "w"
    d.mkdir()
    data = d / "request-2024.yaml"
    shutil.copy(REQUEST, data)
    assert _run(["render", str(data), "--final", "--no-embed-data", "-f", "pdf", "-o", str(d / "out")]) == 0
    pdf = d / "out" / "request-2024.pdf"
    r = _reader(pdf)
    assert [str(f.get_object()["/UF"]) for f in r.root["/AF"]] == ["request-2024.manifest.json"]
    m = json.loads(mf.manifest_path(pdf).read_text("utf-8"))
    assert m["inputs"][0]["sha256"] == mf.sha256(REQUEST.read_bytes()) and "embedded" not in m["inputs"][0]
    sign(pdf, pki["p12"], PASSWORD.encode())
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(pdf, inbox / pdf.name)
    report = verify(inbox / pdf.name, [pki["ca"]])
    assert report.bottom_line, [f.zh for f in report.failed()]
    assert report.fact("pdf.embedded").ok is None and report.fact("hash.data:request-2024.yaml").ok is None
    shutil.copy(REQUEST, inbox / "request-2024.yaml")  # whoever holds the data can check it
    assert verify(inbox / pdf.name, [pki["ca"]]).fact("hash.data:request-2024.yaml").ok is True
    _flip(inbox / "request-2024.yaml", 200)
    assert not verify(inbox / pdf.name, [pki["ca"]]).bottom_line


def test_no_embed_data_needs_final(tmp_path):
    assert _run(["render", str(REQUEST), "--no-embed-data", "-o", str(tmp_path)]) == 2
    assert not list(tmp_path.glob("*.pdf"))


# --- sign: drafts, passwords, several files -----------------------------------------------------------------
def test_sign_refuses_a_draft(tmp_path, pki, capsys, monkeypatch):
    api.render(REQUEST, tmp_path, formats=("pdf",), options=RenderOptions(timestamp=STAMP))
    pdf = tmp_path / "request-2024.pdf"
    before = pdf.read_bytes()
    with pytest.raises(InputError, match="不是定稿"):
        sign(pdf, pki["p12"], PASSWORD.encode())
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(pdf), "--p12", str(pki["p12"])]) == 2
    assert "--allow-draft" in capsys.readouterr().err
    assert pdf.read_bytes() == before
    assert _run(["sign", str(pdf), "--p12", str(pki["p12"]), "--allow-draft"]) == 0
    assert verify(pdf, [pki["ca"]]).fact("pdf.intact").ok is True


def test_sign_without_password_says_none_was_given(final_dir, pki, tmp_path, capsys, monkeypatch):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    monkeypatch.delenv("DOCGEN_P12_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal to ask at
    assert _run(["sign", str(d / "out" / "request-2024.pdf"), "--p12", str(pki["p12"])]) == 2
    err = capsys.readouterr().err
    assert "没有给出证书密码" in err and "DOCGEN_P12_PASSWORD" in err and "密码不对" not in err
    pdf = d / "out" / "request-2024.pdf"
    assert _run(["sign", str(pdf), "--p12", str(pki["p12"]), "--password-env", "ORGAN_PW"]) == 2
    assert "环境变量 ORGAN_PW 未设置" in capsys.readouterr().err  # the variable the user named


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def finals_folder(tmp_path_factory) -> Path:
    """Two finals and a draft in one folder (the data beside them)."""
    d = tmp_path_factory.mktemp("many")
    for unit in ("unit-a", "unit-b"):
        shutil.copy(REQUEST, d / f"{unit}.yaml")
        api.render_final(
            d / f"{unit}.yaml", d / "out", formats=("pdf",), options=RenderOptions(timestamp=STAMP)
        )
    shutil.copy(REQUEST, d / "draft.yaml")
    api.render(d / "draft.yaml", d / "out", formats=("pdf",), options=RenderOptions(timestamp=STAMP))
    return d


def test_sign_folder_with_one_password(finals_folder, pki, tmp_path, capsys, monkeypatch):
    d = tmp_path / "c"
    shutil.copytree(finals_folder, d)
    out = d / "out"
    draft = (out / "draft.pdf").read_bytes()
    asked: list[str] = []
    monkeypatch.delenv("DOCGEN_P12_PASSWORD", raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    monkeypatch.setattr(typer, "prompt", lambda text, **kw: asked.append(text) or PASSWORD)
    assert _run(["sign", str(out), "--p12", str(pki["p12"])]) == 0
    assert len(asked) == 1
    captured = capsys.readouterr()
    assert "draft.pdf" in captured.err and "不是定稿" in captured.err
    assert (out / "draft.pdf").read_bytes() == draft
    for unit in ("unit-a", "unit-b"):
        assert verify(out / f"{unit}.pdf", [pki["ca"]]).bottom_line, unit
    # signing the folder again signs nothing twice
    assert _run(["sign", str(out), "--p12", str(pki["p12"])]) == 0
    assert "定稿都已签名" in capsys.readouterr().out
    assert len(_reader(out / "unit-a.pdf").embedded_signatures) == 1


def test_sign_several_files(finals_folder, pki, tmp_path, monkeypatch):
    d = tmp_path / "c"
    shutil.copytree(finals_folder, d)
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    pdfs = [d / "out" / "unit-a.pdf", d / "out" / "unit-b.pdf"]
    assert _run(["sign", *map(str, pdfs), "--p12", str(pki["p12"])]) == 0
    assert all(verify(p, [pki["ca"]]).bottom_line for p in pdfs)
    assert _run(["sign", *map(str, pdfs), "--p12", str(pki["p12"]), "-o", str(tmp_path / "x.pdf")]) == 2


def test_verify_every_final_in_a_folder(finals_folder, pki, tmp_path, monkeypatch, capsys):
    d = tmp_path / "c"
    shutil.copytree(finals_folder, d)
    out = d / "out"
    (out / "draft.pdf").unlink()
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(out), "--p12", str(pki["p12"])]) == 0
    capsys.readouterr()
    assert _run(["verify", str(out), "--trust", str(pki["ca"])]) == 0
    assert "共 2 份：2 份核验通过" in capsys.readouterr().out
    _flip(out / "unit-b.pdf", (out / "unit-b.pdf").read_bytes().index(b"/Length") + 100)
    (out / "unit-a.pdf").unlink()
    assert _run(["verify", str(out), "--trust", str(pki["ca"])]) == 1
    text = capsys.readouterr().out
    assert "unit-a.manifest.json" in text and "PDF 缺失" in text  # a deleted PDF is reported
    assert re.search(r"unit-b\.pdf：核验未通过", text)
    assert "0 份核验通过，2 份未通过" in text


# --- PAdES-B-T: a timestamp from a TSA (a local one, pyHanko's DummyTimeStamper behind HTTP) ---------------
@pytest.fixture(scope="module")
def tsa_url(pki, tmp_path_factory):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    ca_key = serialization.load_pem_private_key((pki["ca"].parent / "ca-key.pem").read_bytes(), None)
    ca = x509.load_pem_x509_certificate(pki["ca"].read_bytes())
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # the dummy TSA signs with RSA only
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("docgen 测试时间戳服务"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(der)),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        ),
        certs_to_embed=[asn1_x509.Certificate.load(ca.public_bytes(der))],
    )
    calls: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            req = tsp.TimeStampReq.load(self.rfile.read(int(self.headers["Content-Length"])))
            body = stamper.request_tsa_response(req).dump()
            calls.append(1)
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", calls
    server.shutdown()


def test_sign_with_timestamp(final_dir, pki, tsa_url, tmp_path, monkeypatch, capsys):
    url, calls = tsa_url
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    pdf = d / "out" / "request-2024.pdf"
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(pdf), "--p12", str(pki["p12"]), "--timestamp", url]) == 0
    assert calls
    report = verify(pdf, [pki["ca"]])
    assert report.bottom_line, [f.zh for f in report.failed()]
    assert report.fact("pdf.timestamp").ok is True
    assert "时间戳" in report.fact("pdf.signer").zh and "未加时间戳" not in report.fact("pdf.signer").zh
    assert json.loads(mf.manifest_path(pdf).read_text("utf-8"))["signature"]["timestamp_url"] == url


def test_sign_with_unreachable_timestamp_service(final_dir, pki, tmp_path, monkeypatch, capsys):
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    pdf = d / "out" / "request-2024.pdf"
    before = pdf.read_bytes()
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(pdf), "--p12", str(pki["p12"]), "--timestamp", f"http://127.0.0.1:{port}/"]) == 2
    assert "无法从时间戳服务取得时间戳" in capsys.readouterr().err
    assert pdf.read_bytes() == before
    assert _run(["sign", str(pdf), "--p12", str(pki["p12"]), "--timestamp", "ftp://tsa"]) == 2


def test_trust_the_signing_certificate_itself(signed, pki, tmp_path):
    """A recipient may hold the organ's signing certificate rather than its root: --trust takes either."""
    _key, cert, _chain = pkcs12.load_key_and_certificates(pki["p12"].read_bytes(), PASSWORD.encode())
    leaf = tmp_path / "organ.pem"
    leaf.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    report = verify(signed, [leaf])
    assert report.bottom_line and report.fact("pdf.trusted").ok is True


def test_lone_pdfa2_pdf_checks_its_signature(pki, tmp_path):
    """PDF/A-2 cannot embed the manifest: alone, the signature is all there is to check, and it is said."""
    api.render_final(
        REQUEST, tmp_path / "out", formats=("pdf",), options=RenderOptions(pdf_variant="pdf/a-2b")
    )
    pdf = tmp_path / "out" / "request-2024.pdf"
    sign(pdf, pki["p12"], PASSWORD.encode())
    alone = tmp_path / "alone.pdf"
    shutil.copy(pdf, alone)
    report = verify(alone, [pki["ca"]])
    assert report.bottom_line, [f.zh for f in report.failed()]
    assert report.fact("manifest.found").ok is None and "PDF/A-2" in report.fact("manifest.found").zh
    assert verify(pdf, [pki["ca"]]).fact("manifest.found").ok is True  # beside its manifest: all checked


def test_signature_band_avoids_text_lines():
    """The band logic on its own: above the first text line the seal covers; centred when it covers none;
    a round seal's chord narrows towards its rim, a rectangular 签名章 keeps its width."""
    from docgen.finalize.sign import _chord, _free_band

    assert _free_band(222, 341, [(283, 303), (312, 332)]) == (222, 283)
    assert _free_band(222, 341, [(225, 303), (312, 332)]) == (303, 312)  # no room above: the tallest gap
    assert _free_band(466, 526, []) == (487, 505)
    round_rim, round_middle = _chord(351, 470, 222, 341, 222, 240), _chord(351, 470, 222, 341, 270, 290)
    assert round_rim < round_middle <= 119
    assert _chord(339, 458, 466, 526, 508, 526) == pytest.approx(119)


def test_damaged_manifest_is_a_finding(signed, pki, capsys):
    """A manifest beside the PDF that is not JSON any more: the report says so (exit 1), never exit 2/3."""
    mf.manifest_path(signed).write_text("{ not json", "utf-8")
    report = verify(signed, [pki["ca"]])
    assert report.fact("manifest.readable").ok is False and not report.bottom_line
    assert report.fact("manifest.embedded").ok is True  # the embedded one is still checked
    assert _run(["verify", str(signed.parent), "--trust", str(pki["ca"])]) == 1
    assert _run(["verify", str(mf.manifest_path(signed)), "--trust", str(pki["ca"])]) == 1
    assert "Traceback" not in capsys.readouterr().err


def test_sign_folder_with_a_damaged_pdf_names_it(final_dir, pki, tmp_path, monkeypatch, capsys):
    d = tmp_path / "c"
    shutil.copytree(final_dir, d)
    (d / "out" / "junk.pdf").write_bytes(b"%PDF-1.7 not really")
    before = (d / "out" / "request-2024.pdf").read_bytes()
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(d / "out"), "--p12", str(pki["p12"])]) == 2
    err = capsys.readouterr().err
    assert "junk.pdf" in err and "无法读取 PDF" in err and "Traceback" not in err
    assert (d / "out" / "request-2024.pdf").read_bytes() == before  # checked before anything is signed


def test_sign_and_verify_unit_subfolders(finals_folder, pki, tmp_path, monkeypatch, capsys):
    """A batch named {unit}/… writes a folder per unit: sign and verify walk the subfolders; a draft (or a
    roll-up) among them is left alone and listed, not counted as a failure."""
    root = tmp_path / "batch"
    for unit in ("unit-a", "unit-b"):
        (root / unit).mkdir(parents=True)
        for f in (finals_folder / "out").glob(f"{unit}.*"):
            shutil.copy(f, root / unit / f.name)
    shutil.copy(finals_folder / "out" / "draft.pdf", root / "rollup.pdf")
    monkeypatch.setenv("DOCGEN_P12_PASSWORD", PASSWORD)
    assert _run(["sign", str(root), "--p12", str(pki["p12"])]) == 0
    assert "rollup.pdf" in capsys.readouterr().err
    assert _run(["verify", str(root), "--trust", str(pki["ca"])]) == 0
    text = capsys.readouterr().out
    assert "共 2 份：2 份核验通过" in text and "rollup.pdf：不是定稿，未核验" in text


# --- render --final is render with RenderOptions.final ------------------------------------------------------
def test_render_final_is_render_with_final_options(tmp_path: Path) -> None:
    """api.render_final only sets ``final``, the asked-for approval and ``embed_data``: api.render with
    those options writes the same bytes (PDF, DOCX, manifest)."""
    from docgen.render.options import Approval

    a, b = tmp_path / "a", tmp_path / "b"
    api.render_final(REQUEST, a, options=RenderOptions(timestamp=STAMP), approved=dt.date(2024, 2, 20))
    asked = Approval(signer="", date=dt.date(2024, 2, 20))  # blank: the 版头's 签发人, as render_final asks
    options = RenderOptions(timestamp=STAMP, final=True, approval=asked)
    result = api.render(REQUEST, b, options=options)
    names = sorted(p.name for p in result.outputs)
    assert names == ["request-2024.docx", "request-2024.manifest.json", "request-2024.pdf"]
    for name in names:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    manifest = json.loads((b / "request-2024.manifest.json").read_text(encoding="utf-8"))
    assert manifest["approval"]["signer"] and manifest["approval"]["date"] == "2024-02-20"


def test_render_writes_the_formats_of_its_options(tmp_path: Path) -> None:
    """``RenderOptions.formats`` says what api.render writes; a ``formats`` argument replaces them."""
    only_docx = api.render(REQUEST, tmp_path / "a", options=RenderOptions(formats=("docx",), timestamp=STAMP))
    assert [p.suffix for p in only_docx.outputs] == [".docx"]
    pdf = api.render(REQUEST, tmp_path / "b", ("pdf",), options=RenderOptions(formats=("docx",)))
    assert [p.suffix for p in pdf.outputs] == [".pdf"]
    final = api.render_final(
        REQUEST, tmp_path / "c", options=RenderOptions(formats=("pdf",), timestamp=STAMP), signer="张三"
    )
    assert sorted(p.suffix for p in final.outputs) == [".json", ".pdf"]
