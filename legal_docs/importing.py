"""Import of documents and procedures from CSV or XLSX, with a ZIP of their files.

Everything is read and checked first; any problem, on any row, is reported
(in Vietnamese, by row and column) and nothing is written. A clean file is then
applied in one transaction. A document is identified by its number and issuing
body, a procedure by its code: importing the same file twice creates nothing
new and leaves no new revision.
"""

import io
import os
import re
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from home.files import check_attachment, sha256_of
from home.models import Attachment, Topic
from home.tabular import (
    RowError,
    TableInvalid,
    csv_records,
    fold,
    is_xlsx,
    mojibake_error,
    normalise_text,
    parse_date,
    read_table,
    xlsx_sheets,
)
from schoolsite.models import DEPARTMENT_CODE, Unit

from .models import (
    DocumentAttachment,
    DocumentLibraryPage,
    DocumentRelation,
    DocumentType,
    IssuingBody,
    LegalDocumentPage,
    LegalStatus,
    OnlineLevel,
    ProcedureForm,
    ProcedureIndexPage,
    ProcedureLegalBasis,
    ProcedureLevel,
    ProcedurePage,
    RelationType,
    number_key,
    numbered_by_year,
    same_document,
)

DOCUMENT_COLUMNS = [
    "so_ky_hieu",
    "loai_van_ban",
    "co_quan_ban_hanh",
    "nguoi_ky",
    "chuc_vu",
    "ngay_ban_hanh",
    "ngay_co_hieu_luc",
    "ngay_het_hieu_luc",
    "tinh_trang",
    "linh_vuc",
    "trich_yeu",
    "tieu_de",
    "tep_dinh_kem",
    "don_vi",
    "can_cu",
    "sua_doi",
    "thay_the",
    "huong_dan",
]
DOCUMENT_REQUIRED = ["so_ky_hieu", "loai_van_ban", "co_quan_ban_hanh", "ngay_ban_hanh", "trich_yeu"]
DOCUMENT_ALIASES = {
    "so_hieu": "so_ky_hieu",
    "loai": "loai_van_ban",
    "co_quan": "co_quan_ban_hanh",
    "ngay_hieu_luc": "ngay_co_hieu_luc",
    "het_hieu_luc": "ngay_het_hieu_luc",
    "tinh_trang_hieu_luc": "tinh_trang",
    "tep": "tep_dinh_kem",
    "don_vi_dang": "don_vi",
}
RELATION_COLUMNS = {
    "can_cu": RelationType.BASIS,
    "sua_doi": RelationType.AMENDS,
    "thay_the": RelationType.REPLACES,
    "huong_dan": RelationType.GUIDES,
}

PROCEDURE_COLUMNS = [
    "ma_thu_tuc",
    "ten_thu_tuc",
    "linh_vuc",
    "cap_thuc_hien",
    "trinh_tu_thuc_hien",
    "cach_thuc_thuc_hien",
    "thanh_phan_ho_so",
    "so_luong_ho_so",
    "thoi_han_giai_quyet",
    "doi_tuong_thuc_hien",
    "co_quan_thuc_hien",
    "ket_qua_thuc_hien",
    "phi_le_phi",
    "yeu_cau_dieu_kien",
    "can_cu_phap_ly",
    "muc_do_dvc",
    "dia_chi_dvc",
    "bieu_mau",
    "don_vi",
]
PROCEDURE_REQUIRED = [
    "ma_thu_tuc",
    "ten_thu_tuc",
    "cap_thuc_hien",
    "trinh_tu_thuc_hien",
    "thoi_han_giai_quyet",
    "doi_tuong_thuc_hien",
    "co_quan_thuc_hien",
    "ket_qua_thuc_hien",
]
PROCEDURE_ALIASES = {"ma": "ma_thu_tuc", "ten": "ten_thu_tuc", "cap": "cap_thuc_hien", "muc_do": "muc_do_dvc"}
SUBMISSION_KINDS = {"truc tiep": "truc-tiep", "truc tuyen": "truc-tuyen", "buu chinh": "buu-chinh"}


def _choice_lookup(choices):
    """Map folded labels and values ("thong tu", "thong-tu") to a choice value."""
    lookup = {}
    for value, label in choices:
        lookup[fold(str(label))] = value
        lookup[fold(value)] = value
        lookup[fold(value).replace("-", " ")] = value
    return lookup


def paragraphs(text):
    """Plain text with "1." "2." steps or sentences as HTML paragraphs for a rich text field."""
    parts = [p.strip() for p in re.split(r"\s*(?=\b\d+\.\s)", text) if p.strip()]
    return "".join(f"<p>{part}</p>" for part in parts)


def split_list(value):
    """Items separated by ";" or new lines."""
    return [normalise_text(item) for item in re.split(r"[;\n]", value or "") if normalise_text(item)]


@dataclass
class ImportResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    files_added: int = 0

    def summary(self):
        return _("%(created)d tạo mới, %(updated)d cập nhật, %(unchanged)d không đổi; %(files)d tệp mới.") % {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "files": self.files_added,
        }


class Importer:
    """Read, check and apply one import file (and its ZIP of attachments)."""

    def __init__(self, data, attachments_zip=None, filename=""):
        self.data = data
        self.filename = filename
        self.zip = None
        self.zip_names = {}
        if attachments_zip is not None:
            try:
                self.zip = zipfile.ZipFile(io.BytesIO(attachments_zip))
            except zipfile.BadZipFile as exc:
                raise TableInvalid([RowError(None, _("Tệp ZIP tệp đính kèm bị hỏng hoặc không phải ZIP."))]) from exc
            self.zip_names = {
                os.path.basename(name).lower(): name for name in self.zip.namelist() if not name.endswith("/")
            }
        self.errors = []
        self.document_rows = []
        self.procedure_rows = []
        self.types = _choice_lookup(DocumentType.choices)
        self.statuses = _choice_lookup(LegalStatus.choices)
        self.levels = _choice_lookup(ProcedureLevel.choices)
        self.online_levels = _choice_lookup(OnlineLevel.choices) | {"toan trinh": "toan-trinh", "mot phan": "mot-phan"}
        self.bodies = {}
        for body in IssuingBody.objects.all():
            self.bodies[fold(body.name)] = body
            if body.abbreviation:
                self.bodies[fold(body.abbreviation)] = body
        self.topics = {}
        for topic in Topic.objects.all():
            self.topics[fold(topic.name)] = topic
            self.topics[topic.slug] = topic
        self.units = {unit.code: unit for unit in Unit.objects.active().select_related("home_page")}
        self._file_checks = {}

    # --- reading ------------------------------------------------------------------

    def tables(self):
        """(kind, records) for each table of the file: "documents" and/or "procedures"."""
        if not self.data.strip():
            raise TableInvalid([RowError(None, _("Tệp nhập trống."))])
        if is_xlsx(self.data):
            tables = []
            for key, records in xlsx_sheets(self.data).items():
                kind = self._kind_of(records)
                if kind:
                    tables.append((kind, records))
                elif records:
                    raise TableInvalid(
                        [
                            RowError(
                                None,
                                _("Trang tính “%(sheet)s” không có cột so_ky_hieu hay ma_thu_tuc.") % {"sheet": key},
                            )
                        ]
                    )
            return tables
        records = list(csv_records(self.data))
        kind = self._kind_of(records)
        if not kind:
            raise TableInvalid(
                [
                    RowError(
                        1,
                        _(
                            "Không nhận ra loại tệp: dòng tiêu đề phải có cột so_ky_hieu (văn bản) "
                            "hoặc ma_thu_tuc (thủ tục)."
                        ),
                    )
                ]
            )
        return [(kind, records)]

    @staticmethod
    def _kind_of(records):
        from home.tabular import header_key

        for _line, record in records:
            if any(str(cell).strip() for cell in record):
                keys = {header_key(cell) for cell in record}
                if keys & {"so_ky_hieu", "so_hieu"}:
                    return "documents"
                if keys & {"ma_thu_tuc", "ma"}:
                    return "procedures"
                return None
        return None

    def read(self):
        for kind, records in self.tables():
            if kind == "documents":
                for line, raw in read_table(records, DOCUMENT_REQUIRED, DOCUMENT_ALIASES):
                    self.document_rows.append(self._check_document(line, raw))
            else:
                for line, raw in read_table(records, PROCEDURE_REQUIRED, PROCEDURE_ALIASES):
                    self.procedure_rows.append(self._check_procedure(line, raw))
        self._check_duplicates_and_references()
        if self.errors:
            raise TableInvalid(self.errors)
        return self

    def _text(self, line, raw, column):
        value = normalise_text(raw.get(column, ""))
        error = mojibake_error(line, column, value)
        if error:
            self.errors.append(error)
        return value

    def _error(self, line, column, message):
        self.errors.append(RowError(line, message, column))

    def _date(self, line, raw, column, required=False):
        value = self._text(line, raw, column)
        if not value:
            if required:
                self._error(line, column, _("thiếu ngày."))
            return None
        try:
            return parse_date(value)
        except ValueError:
            self._error(line, column, _("ngày “%(value)s” không đúng dạng ngày/tháng/năm.") % {"value": value})
            return None

    def _unit(self, line, raw):
        code = self._text(line, raw, "don_vi").lower() or DEPARTMENT_CODE
        unit = self.units.get(code)
        if unit is None:
            self._error(line, "don_vi", _("không có đơn vị đang hoạt động mã “%(code)s”.") % {"code": code})
        return unit

    def _topic(self, line, raw):
        value = self._text(line, raw, "linh_vuc")
        if not value:
            return None
        topic = self.topics.get(fold(value)) or self.topics.get(value)
        if topic is None:
            self._error(
                line,
                "linh_vuc",
                _("không có lĩnh vực “%(value)s”; dùng một trong: %(choices)s.")
                % {"value": value, "choices": ", ".join(sorted(t.name for t in set(self.topics.values())))},
            )
        return topic

    def _files(self, line, raw, column, unit):
        """The row's files: new ones from the ZIP (checked by content), or ones the unit already has.

        A name that is not in the ZIP may be an attachment already stored for the unit
        (as in a file made by export_documents), which is then reused as it is.
        """
        files = []
        for name in split_list(raw.get(column, "")):
            member = self.zip_names.get(os.path.basename(name).lower())
            if member is None:
                existing = None
                if unit is not None:
                    existing = Attachment.objects.filter(
                        collection=unit.collection, file__endswith="/" + os.path.basename(name)
                    ).first()
                if existing is None:
                    self._error(
                        line,
                        column,
                        _("không thấy tệp “%(name)s” trong tệp ZIP đính kèm.") % {"name": name}
                        if self.zip
                        else _("có tệp “%(name)s” nhưng không có tệp ZIP (--attachments).") % {"name": name},
                    )
                else:
                    files.append(existing)
                continue
            if member not in self._file_checks:
                content = ContentFile(self.zip.read(member), name=os.path.basename(member))
                try:
                    check_attachment(content, content.name)
                    self._file_checks[member] = (content, None)
                except ValidationError as exc:
                    self._file_checks[member] = (None, exc.messages[0])
            content, problem = self._file_checks[member]
            if problem:
                self._error(line, column, problem)
            else:
                files.append(content)
        return files

    def _check_document(self, line, raw):
        row = {"line": line}
        row["number"] = self._text(line, raw, "so_ky_hieu")
        if not row["number"]:
            self._error(line, "so_ky_hieu", _("thiếu số ký hiệu."))
        type_text = self._text(line, raw, "loai_van_ban")
        row["document_type"] = self.types.get(fold(type_text))
        if not row["document_type"]:
            self._error(
                line,
                "loai_van_ban",
                _("loại văn bản “%(value)s” không có; dùng một trong: %(choices)s.")
                % {"value": type_text, "choices": ", ".join(str(label) for _v, label in DocumentType.choices)},
            )
        body_text = self._text(line, raw, "co_quan_ban_hanh")
        row["issuing_body"] = self.bodies.get(fold(body_text))
        if not row["issuing_body"]:
            self._error(
                line,
                "co_quan_ban_hanh",
                _(
                    "chưa có cơ quan ban hành “%(value)s” trong danh mục "
                    "(thêm trong Dữ liệu dùng chung → Cơ quan ban hành)."
                )
                % {"value": body_text},
            )
        row["signer_name"] = self._text(line, raw, "nguoi_ky")
        row["signer_title"] = self._text(line, raw, "chuc_vu")
        row["issued_date"] = self._date(line, raw, "ngay_ban_hanh", required=True)
        row["effective_date"] = self._date(line, raw, "ngay_co_hieu_luc")
        row["expiry_date"] = self._date(line, raw, "ngay_het_hieu_luc")
        if row["issued_date"] and row["effective_date"] and row["effective_date"] < row["issued_date"]:
            self._error(line, "ngay_co_hieu_luc", _("ngày có hiệu lực trước ngày ban hành."))
        start = row["effective_date"] or row["issued_date"]
        if start and row["expiry_date"] and row["expiry_date"] <= start:
            self._error(line, "ngay_het_hieu_luc", _("ngày hết hiệu lực phải sau ngày có hiệu lực."))
        status_text = self._text(line, raw, "tinh_trang")
        row["status_override"] = ""
        if status_text:
            row["status_override"] = self.statuses.get(fold(status_text), None)
            if row["status_override"] is None:
                self._error(line, "tinh_trang", _("tình trạng “%(value)s” không có.") % {"value": status_text})
                row["status_override"] = ""
        row["topic"] = self._topic(line, raw)
        row["summary"] = self._text(line, raw, "trich_yeu")
        if not row["summary"]:
            self._error(line, "trich_yeu", _("thiếu trích yếu."))
        type_label = dict(DocumentType.choices).get(row["document_type"], "")
        row["title"] = self._text(line, raw, "tieu_de") or f"{type_label} {row['number']}: {row['summary']}"[:255]
        row["unit"] = self._unit(line, raw)
        row["files"] = self._files(line, raw, "tep_dinh_kem", row["unit"])
        row["relations"] = [
            (relation_type, number) for column, relation_type in RELATION_COLUMNS.items()
            for number in split_list(raw.get(column, ""))
        ]  # fmt: skip
        year = None if numbered_by_year(row["number"]) or not row["issued_date"] else row["issued_date"].year
        row["key"] = (number_key(row["number"]), row["issuing_body"].pk if row["issuing_body"] else None, year)
        return row

    def _check_procedure(self, line, raw):
        row = {"line": line}
        row["code"] = self._text(line, raw, "ma_thu_tuc")
        row["title"] = self._text(line, raw, "ten_thu_tuc")
        for column, key in (("ma_thu_tuc", "code"), ("ten_thu_tuc", "title")):
            if not row[key]:
                self._error(line, column, _("thiếu giá trị."))
        level_text = self._text(line, raw, "cap_thuc_hien")
        row["level"] = self.levels.get(fold(level_text)) or self.levels.get(fold("cấp " + level_text))
        if not row["level"]:
            self._error(
                line,
                "cap_thuc_hien",
                _("cấp thực hiện “%(value)s” không có; dùng: tỉnh, huyện, xã, đơn vị.") % {"value": level_text},
            )
        row["topic"] = self._topic(line, raw)
        row["steps"] = self._text(line, raw, "trinh_tu_thuc_hien")
        row["methods"] = []
        for item in split_list(raw.get("cach_thuc_thuc_hien", "")):
            parts = [normalise_text(p) for p in item.split("|")]
            kind = SUBMISSION_KINDS.get(fold(parts[0]))
            if not kind:
                self._error(
                    line,
                    "cach_thuc_thuc_hien",
                    _("cách thức “%(value)s” không có; dùng: Trực tiếp, Trực tuyến, Bưu chính.") % {"value": parts[0]},
                )
                continue
            row["methods"].append(
                {
                    "kind": kind,
                    "time_limit": parts[1] if len(parts) > 1 else "",
                    "fee": parts[2] if len(parts) > 2 else "",
                }
            )
        row["dossier"] = []
        for item in split_list(raw.get("thanh_phan_ho_so", "")):
            parts = [normalise_text(p) for p in item.split("|")]
            row["dossier"].append({"name": parts[0], "copies": parts[1] if len(parts) > 1 else ""})
        for column, key in (
            ("so_luong_ho_so", "dossier_copies"),
            ("thoi_han_giai_quyet", "processing_time"),
            ("doi_tuong_thuc_hien", "applicants"),
            ("co_quan_thuc_hien", "agency"),
            ("ket_qua_thuc_hien", "result"),
            ("phi_le_phi", "fees"),
            ("yeu_cau_dieu_kien", "requirements"),
            ("dia_chi_dvc", "public_service_url"),
        ):
            row[key] = self._text(line, raw, column)
        for column in (
            "trinh_tu_thuc_hien",
            "thoi_han_giai_quyet",
            "doi_tuong_thuc_hien",
            "co_quan_thuc_hien",
            "ket_qua_thuc_hien",
        ):
            if not normalise_text(raw.get(column, "")):
                self._error(line, column, _("thiếu giá trị."))
        if row["public_service_url"] and not re.match(r"^https?://", row["public_service_url"]):
            self._error(line, "dia_chi_dvc", _("địa chỉ phải bắt đầu bằng http:// hoặc https://."))
        online = self._text(line, raw, "muc_do_dvc")
        row["online_level"] = self.online_levels.get(fold(online), OnlineLevel.NONE) if online else OnlineLevel.NONE
        row["basis"] = split_list(raw.get("can_cu_phap_ly", ""))
        row["unit"] = self._unit(line, raw)
        row["files"] = self._files(line, raw, "bieu_mau", row["unit"])
        return row

    def _check_duplicates_and_references(self):
        seen = {}
        in_file = {}
        for row in self.document_rows:
            if row["key"][1] is None:
                continue
            if row["key"] in seen:
                self._error(
                    row["line"],
                    "so_ky_hieu",
                    _("văn bản này trùng với dòng %(other)d (cùng số ký hiệu và cơ quan ban hành).")
                    % {"other": seen[row["key"]]},
                )
            seen[row["key"]] = row["line"]
            in_file.setdefault(row["key"][0], []).append(row)
        existing_keys = {}
        for pk, key in LegalDocumentPage.objects.values_list("pk", "number_key"):
            existing_keys.setdefault(key, []).append(pk)
        self.existing_by_number = existing_keys

        def resolvable(line, column, number):
            key = number_key(number)
            candidates = len(in_file.get(key, [])) or len(existing_keys.get(key, []))
            if candidates == 0:
                self._error(line, column, _("không tìm thấy văn bản số “%(number)s”.") % {"number": number})
            elif candidates > 1:
                self._error(
                    line,
                    column,
                    _("số “%(number)s” ứng với nhiều văn bản (các năm khác nhau); không biết chọn văn bản nào.")
                    % {"number": number},
                )

        reverse_columns = {value: key for key, value in RELATION_COLUMNS.items()}
        for row in self.document_rows:
            for relation_type, number in row["relations"]:
                resolvable(row["line"], reverse_columns[relation_type], number)
        seen_codes = {}
        for row in self.procedure_rows:
            key = (row["code"], row["unit"].pk if row["unit"] else None)
            if key in seen_codes:
                self._error(
                    row["line"], "ma_thu_tuc", _("mã thủ tục trùng với dòng %(other)d.") % {"other": seen_codes[key]}
                )
            seen_codes[key] = row["line"]
            for number in row["basis"]:
                resolvable(row["line"], "can_cu_phap_ly", number)

    # --- writing --------------------------------------------------------------------

    @transaction.atomic
    def apply(self, user=None):
        from home.indexing import deferred_search_indexing

        result = ImportResult()
        self.user = user
        self._attachments = {}
        with deferred_search_indexing():
            documents = {}  # number key -> document of this file, to resolve relations
            by_row = {}
            for row in self.document_rows:
                document, change = self._apply_document(row)
                documents[row["key"][0]] = by_row[row["line"]] = document
                getattr(result, change).append(document)
            for row in self.document_rows:
                document = by_row[row["line"]]
                if self._apply_relations(document, row["relations"], documents) and document in result.unchanged:
                    result.unchanged.remove(document)
                    result.updated.append(document)
            for row in self.procedure_rows:
                procedure, change = self._apply_procedure(row, documents)
                getattr(result, change).append(procedure)
        result.files_added = sum(1 for created in self._attachments.values() if created[1])
        return result

    def _attachment(self, content, unit, title=""):
        """The unit's copy of a file, found by its SHA-256 so that re-imports add nothing."""
        if isinstance(content, Attachment):
            return content
        digest = sha256_of(content)
        key = (digest, unit.pk)
        if key not in self._attachments:
            existing = Attachment.objects.filter(sha256=digest, collection=unit.collection).first()
            if existing:
                self._attachments[key] = (existing, False)
            else:
                title = title or os.path.splitext(content.name)[0]
                attachment = Attachment(title=title[:255], collection=unit.collection, uploaded_by_user=self.user)
                attachment.file.save(content.name, content, save=False)
                attachment.save()
                self._attachments[key] = (attachment, True)
        return self._attachments[key][0]

    def _find_document(self, row):
        return same_document(
            LegalDocumentPage.objects.select_related("issuing_body"),
            row["number"],
            row["issuing_body"].pk,
            row["issued_date"],
        ).first()

    def _apply_document(self, row):
        fields = {
            "number": row["number"],
            "document_type": row["document_type"],
            "issuing_body": row["issuing_body"],
            "signer_name": row["signer_name"],
            "signer_title": row["signer_title"],
            "issued_date": row["issued_date"],
            "effective_date": row["effective_date"],
            "expiry_date": row["expiry_date"],
            "status_override": row["status_override"],
            "topic": row["topic"],
            "summary": row["summary"],
            "title": row["title"],
        }
        label = f"{dict(DocumentType.choices)[row['document_type']]} {row['number']}"
        attachments = [self._attachment(content, row["unit"], label) for content in row["files"]]
        document = self._find_document(row)
        if document is None:
            library = DocumentLibraryPage.objects.child_of(row["unit"].home_page).get()
            document = LegalDocumentPage(slug=self._slug(library, row["number"]), **fields)
            for order, attachment in enumerate(attachments):
                document.attachments.add(DocumentAttachment(attachment=attachment, sort_order=order))
            library.add_child(instance=document)
            self._publish(document)
            return document, "created"
        changed = any(getattr(document, name) != value for name, value in fields.items())
        current = [a.attachment_id for a in document.attachments.all()]
        if attachments and current != [a.pk for a in attachments]:
            changed = True
            document.attachments.set(
                [
                    DocumentAttachment(attachment=attachment, sort_order=order)
                    for order, attachment in enumerate(attachments)
                ]
            )
        if not changed:
            return document, "unchanged"
        for name, value in fields.items():
            setattr(document, name, value)
        self._publish(document)
        return document, "updated"

    def _apply_relations(self, document, relations, documents):
        wanted = []
        for relation_type, number in relations:
            key = number_key(number)
            target = documents.get(key) or LegalDocumentPage.objects.filter(number_key=key).first()
            wanted.append((relation_type, target.pk))
        current = [(r.relation_type, r.target_id) for r in document.relations.all()]
        if not relations or current == wanted:
            return False
        document.relations.set(
            [DocumentRelation(relation_type=t, target_id=pk, sort_order=i) for i, (t, pk) in enumerate(wanted)]
        )
        self._publish(document)
        return True

    def _apply_procedure(self, row, documents):
        fields = {
            "code": row["code"],
            "title": row["title"],
            "level": row["level"],
            "topic": row["topic"],
            "steps": row["steps"] if "<" in row["steps"] else paragraphs(row["steps"]),
            "dossier_copies": row["dossier_copies"],
            "processing_time": row["processing_time"],
            "applicants": row["applicants"],
            "agency": row["agency"],
            "result": row["result"],
            "fees": row["fees"] or "Không",
            "requirements": f"<p>{row['requirements']}</p>" if row["requirements"] else "",
            "online_level": row["online_level"],
            "public_service_url": row["public_service_url"],
        }
        methods = [("method", method) for method in row["methods"]]
        dossier = [
            ("item", {"name": item["name"], "copies": item["copies"], "template": None}) for item in row["dossier"]
        ]
        basis = []
        for number in row["basis"]:
            key = number_key(number)
            basis.append(documents.get(key) or LegalDocumentPage.objects.filter(number_key=key).first())
        forms = [self._attachment(content, row["unit"]) for content in row["files"]]
        index = ProcedureIndexPage.objects.child_of(row["unit"].home_page).get()
        procedure = ProcedurePage.objects.child_of(index).filter(code=row["code"]).first()
        created = procedure is None
        if created:
            procedure = ProcedurePage(slug=self._slug(index, row["code"] + " " + row["title"]), **fields)
        else:
            same = (
                all(getattr(procedure, name) == value for name, value in fields.items())
                and [b.document_id for b in procedure.legal_basis.all()] == [d.pk for d in basis]
                and [f.attachment_id for f in procedure.forms.all()] == [f.pk for f in forms]
                and _signature(procedure.methods, ("kind", "time_limit", "fee")) == [m for _t, m in methods]
                and _signature(procedure.dossier, ("name", "copies"))
                == [{"name": d["name"], "copies": d["copies"]} for _t, d in dossier]
            )
            if same:
                return procedure, "unchanged"
            for name, value in fields.items():
                setattr(procedure, name, value)
        procedure.methods = methods
        procedure.dossier = dossier
        procedure.legal_basis.set([ProcedureLegalBasis(document=d, sort_order=i) for i, d in enumerate(basis)])
        procedure.forms.set([ProcedureForm(attachment=a, sort_order=i) for i, a in enumerate(forms)])
        if created:
            index.add_child(instance=procedure)
        self._publish(procedure)
        return procedure, "created" if created else "updated"

    @staticmethod
    def _slug(parent, text):
        base = slugify(fold(text).replace("/", "-"))[:70].strip("-") or "muc"
        slug, number = base, 2
        while parent.get_children().filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    def _publish(self, page):
        page.save_revision(user=self.user, clean=False, changed=True).publish(user=self.user)


def _signature(stream, keys):
    """The parts of a StreamField's struct blocks that an import sets, for comparison."""
    return [{key: block.value.get(key) or "" for key in keys} for block in stream]
