"""Export of the library and procedures in the import format: CSV (UTF-8 with BOM), XLSX or JSON.

What is exported can be imported again (`import_documents`) here or in another installation.
"""

import csv
import io
import json

from django.utils.translation import gettext as _

from schoolsite.models import HOME_PATH_LENGTH

from .importing import DOCUMENT_COLUMNS, PROCEDURE_COLUMNS, RELATION_COLUMNS
from .models import LegalDocumentPage, OnlineLevel, ProcedurePage

RELATION_COLUMN_BY_TYPE = {value: key for key, value in RELATION_COLUMNS.items()}


def _date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def document_rows():
    documents = (
        LegalDocumentPage.objects.live()
        .select_related("issuing_body", "topic")
        .prefetch_related("attachments__attachment", "relations__target")
        .order_by("issued_date", "pk")
    )
    units = {}
    from schoolsite.models import Unit

    for unit in Unit.objects.select_related("home_page").exclude(home_page=None):
        units[unit.home_page.path] = unit.code
    for document in documents:
        relations = {column: [] for column in RELATION_COLUMNS}
        for relation in document.relations.all():
            relations[RELATION_COLUMN_BY_TYPE[relation.relation_type]].append(relation.target.number)
        yield {
            "so_ky_hieu": document.number,
            "loai_van_ban": document.get_document_type_display(),
            "co_quan_ban_hanh": document.issuing_body.name,
            "nguoi_ky": document.signer_name,
            "chuc_vu": document.signer_title,
            "ngay_ban_hanh": _date(document.issued_date),
            "ngay_co_hieu_luc": _date(document.effective_date),
            "ngay_het_hieu_luc": _date(document.expiry_date),
            "tinh_trang": document.get_status_override_display() if document.status_override else "",
            "linh_vuc": document.topic.name if document.topic else "",
            "trich_yeu": document.summary,
            "tieu_de": document.title,
            "tep_dinh_kem": "; ".join(a.attachment.filename for a in document.attachments.all()),
            "don_vi": units.get(document.path[:HOME_PATH_LENGTH], ""),
            **{column: "; ".join(numbers) for column, numbers in relations.items()},
        }


def procedure_rows():
    from schoolsite.models import Unit

    units = {u.home_page.path: u.code for u in Unit.objects.select_related("home_page").exclude(home_page=None)}
    procedures = (
        ProcedurePage.objects.live()
        .select_related("topic")
        .prefetch_related("legal_basis__document", "forms__attachment")
        .order_by("code", "pk")
    )
    from .blocks import SUBMISSION_METHODS

    method_labels = dict(SUBMISSION_METHODS)
    for procedure in procedures:
        yield {
            "ma_thu_tuc": procedure.code,
            "ten_thu_tuc": procedure.title,
            "linh_vuc": procedure.topic.name if procedure.topic else "",
            "cap_thuc_hien": procedure.get_level_display(),
            "trinh_tu_thuc_hien": procedure.steps,
            "cach_thuc_thuc_hien": "; ".join(
                " | ".join([str(method_labels[b.value["kind"]]), b.value["time_limit"], b.value["fee"]])
                for b in procedure.methods
            ),
            "thanh_phan_ho_so": "; ".join(f"{b.value['name']} | {b.value['copies']}" for b in procedure.dossier),
            "so_luong_ho_so": procedure.dossier_copies,
            "thoi_han_giai_quyet": procedure.processing_time,
            "doi_tuong_thuc_hien": procedure.applicants,
            "co_quan_thuc_hien": procedure.agency,
            "ket_qua_thuc_hien": procedure.result,
            "phi_le_phi": procedure.fees,
            "yeu_cau_dieu_kien": procedure.requirements,
            "can_cu_phap_ly": "; ".join(b.document.number for b in procedure.legal_basis.all()),
            "muc_do_dvc": procedure.get_online_level_display() if procedure.online_level != OnlineLevel.NONE else "",
            "dia_chi_dvc": procedure.public_service_url,
            "bieu_mau": "; ".join(f.attachment.filename for f in procedure.forms.all()),
            "don_vi": units.get(procedure.path[:HOME_PATH_LENGTH], ""),
        }


def to_csv(rows, columns):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel opens Vietnamese correctly


def to_xlsx(tables):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in tables:
        sheet = workbook.create_sheet(title)
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([row[column] for column in columns])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(fmt):
    """{file suffix: bytes}: one file for XLSX and JSON, two for CSV (documents, procedures)."""
    documents = list(document_rows())
    procedures = list(procedure_rows())
    if fmt == "xlsx":
        return {
            "": to_xlsx([(_("Văn bản"), DOCUMENT_COLUMNS, documents), (_("Thủ tục"), PROCEDURE_COLUMNS, procedures)])
        }
    if fmt == "json":
        payload = {"van_ban": documents, "thu_tuc": procedures}
        return {"": json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")}
    return {"": to_csv(documents, DOCUMENT_COLUMNS), "-thu-tuc": to_csv(procedures, PROCEDURE_COLUMNS)}
