"""The OpenAPI 3.1 description of the read API (/api/openapi.json).

Written out here because Wagtail's API v2 has no schema generator: the
description is part of the published standard (docs/interfaces.md), so it is
kept deliberately, versioned with the API, and tests check both that it is a
valid OpenAPI document and that real responses match its schemas.
"""

from django.utils.translation import gettext as _

from legal_docs.models import DocumentType, LegalStatus, OnlineLevel, ProcedureLevel
from schoolsite.models import UnitType

API_VERSION = "2.0.0"


def _string(description="", **extra):
    return {"type": "string", "description": description, **extra}


def _nullable(schema):
    return {**schema, "type": [schema["type"], "null"]}


def _choices(choices, description):
    return {"type": "string", "enum": [value for value, _label in choices], "description": description}


DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}

PAGE_META = {
    "type": "object",
    "required": ["type", "detail_url", "html_url", "slug", "first_published_at"],
    "properties": {
        "type": _string("Loại trang, dạng app_label.ModelName (ví dụ news.NewsPage)."),
        "detail_url": _string("Địa chỉ API của mục này.", format="uri"),
        "html_url": _nullable(_string("Địa chỉ trang gốc trên trang của đơn vị (địa chỉ chuẩn).", format="uri")),
        "slug": _string("Đường dẫn rút gọn."),
        "first_published_at": _nullable({**DATETIME, "description": "Lần xuất bản đầu tiên."}),
        "show_in_menus": {"type": "boolean"},
        "seo_title": _string(),
        "search_description": _string(),
        "alias_of": {"type": ["object", "null"]},
        "parent": {"type": ["object", "null"]},
        "locale": _string(),
    },
}

STREAM_BODY = {
    "type": "array",
    "description": "Nội dung dạng StreamField: mỗi khối có type, value và id.",
    "items": {
        "type": "object",
        "required": ["type", "value"],
        "properties": {"type": {"type": "string"}, "value": {}, "id": {"type": "string"}},
    },
}

FILE = {
    "type": "object",
    "required": ["title", "url"],
    "properties": {
        "title": _string("Tên tệp."),
        "url": _string("Địa chỉ tải về.", format="uri"),
        "content_type": _string("Kiểu MIME."),
        "size": {"type": ["integer", "null"], "description": "Dung lượng (byte)."},
        "sha256": _string("Mã băm SHA-256 để kiểm tra toàn vẹn."),
    },
}

DOCUMENT_REF = {
    "type": "object",
    "required": ["id", "number", "title"],
    "properties": {
        "relation": _string("Quan hệ (sửa đổi, thay thế, hướng dẫn…)."),
        "id": {"type": "integer"},
        "number": _string("Số, ký hiệu."),
        "title": _string("Trích yếu."),
    },
}


def _page_schema(extra_properties):
    return {
        "type": "object",
        "required": ["id", "meta", "title"],
        "properties": {
            "id": {"type": "integer", "description": "Mã định danh trang, ổn định theo thời gian."},
            "meta": {"$ref": "#/components/schemas/PageMeta"},
            "title": _string("Tiêu đề."),
            **extra_properties,
        },
    }


def _schemas():
    unit_code = _nullable(_string("Mã đơn vị sở hữu trang (xem /api/v2/units/)."))
    return {
        "PageMeta": PAGE_META,
        "StreamBody": STREAM_BODY,
        "File": FILE,
        "DocumentRef": DOCUMENT_REF,
        "Page": _page_schema({}),
        "News": _page_schema(
            {
                "unit": unit_code,
                "date": {**DATE, "description": "Ngày đăng."},
                "lead": _string("Sapo (tóm tắt)."),
                "topic": _nullable(_string("Lĩnh vực.")),
                "tags": {"type": "array", "items": {"type": "string"}},
                "featured_image": {
                    "type": ["object", "null"],
                    "description": "Ảnh đại diện (WebP 960×540).",
                    "properties": {
                        "url": {"type": "string"},
                        "full_url": {"type": "string", "format": "uri"},
                        "width": {"type": "integer"},
                        "height": {"type": "integer"},
                        "alt": {"type": "string"},
                    },
                },
                "featured_image_alt_text": _string("Mô tả ảnh đại diện."),
                "body": {"$ref": "#/components/schemas/StreamBody"},
            }
        ),
        "Document": _page_schema(
            {
                "unit": unit_code,
                "number": _string("Số, ký hiệu văn bản (ví dụ 22/2021/TT-BGDĐT)."),
                "document_type": _choices(DocumentType.choices, "Loại văn bản."),
                "issuing_body": _nullable(_string("Cơ quan ban hành.")),
                "signer_name": _string("Người ký."),
                "signer_title": _string("Chức vụ người ký."),
                "issued_date": {**DATE, "description": "Ngày ban hành."},
                "effective_date": {**DATE, "type": ["string", "null"], "description": "Ngày có hiệu lực."},
                "expiry_date": {**DATE, "type": ["string", "null"], "description": "Ngày hết hiệu lực."},
                "status": _choices(LegalStatus.choices, "Tình trạng hiệu lực."),
                "topic": _nullable(_string("Lĩnh vực.")),
                "summary": _string("Trích yếu."),
                "attachments": {"type": "array", "items": {"$ref": "#/components/schemas/File"}},
                "related": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentRef"}},
                "body": {"$ref": "#/components/schemas/StreamBody"},
            }
        ),
        "Procedure": _page_schema(
            {
                "unit": unit_code,
                "code": _string("Mã thủ tục trên Cơ sở dữ liệu quốc gia."),
                "level": _choices(ProcedureLevel.choices, "Cấp thực hiện."),
                "topic": _nullable(_string("Lĩnh vực.")),
                "online_level": _choices(OnlineLevel.choices, "Mức dịch vụ công trực tuyến."),
                "public_service_url": _string("Địa chỉ nộp hồ sơ trực tuyến."),
                **{
                    name: _string(label)
                    for name, label in (
                        ("steps", "Trình tự thực hiện (HTML)."),
                        ("dossier_copies", "Số lượng hồ sơ."),
                        ("processing_time", "Thời hạn giải quyết."),
                        ("applicants", "Đối tượng thực hiện."),
                        ("agency", "Cơ quan thực hiện."),
                        ("result", "Kết quả thực hiện."),
                        ("fees", "Lệ phí."),
                        ("requirements", "Yêu cầu, điều kiện (HTML)."),
                    )
                },
                "methods": {
                    "$ref": "#/components/schemas/StreamBody",
                    "description": "Cách thức thực hiện: mỗi khối “method” có kind, time_limit, fee, description.",
                },
                "dossier": {
                    "$ref": "#/components/schemas/StreamBody",
                    "description": "Thành phần hồ sơ: mỗi khối “item” có name, copies, template.",
                },
                "legal_basis": {"type": "array", "items": {"$ref": "#/components/schemas/DocumentRef"}},
                "forms": {"type": "array", "items": {"$ref": "#/components/schemas/File"}},
            }
        ),
        "Unit": {
            "type": "object",
            "required": ["id", "meta", "code", "name"],
            "properties": {
                "id": {"type": "integer"},
                "meta": {
                    "type": "object",
                    "properties": {"type": {"type": "string"}, "detail_url": {"type": "string", "format": "uri"}},
                },
                "code": _string("Mã đơn vị (chữ thường, số, gạch ngang); Sở là “so”."),
                "name": _string("Tên đầy đủ."),
                "short_name": _string("Tên viết tắt."),
                "unit_type": _choices(UnitType.choices, "Loại đơn vị."),
                "district": _string("Huyện, thị xã, thành phố."),
                "parent_code": _nullable(_string("Mã đơn vị quản lý trực tiếp.")),
                "address": _string("Địa chỉ."),
                "phone": _string("Điện thoại."),
                "email": _string("Thư điện tử."),
                "head_name": _string("Thủ trưởng đơn vị."),
                "website": _string("Địa chỉ trang thông tin của đơn vị.", format="uri"),
            },
        },
        "Error": {
            "type": "object",
            "required": ["message"],
            "properties": {"message": _string("Mô tả lỗi.")},
        },
    }


def _listing(schema):
    return {
        "type": "object",
        "required": ["meta", "items"],
        "properties": {
            "meta": {
                "type": "object",
                "required": ["total_count"],
                "properties": {"total_count": {"type": "integer", "description": "Tổng số mục khớp bộ lọc."}},
            },
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{schema}"}},
        },
    }


def _parameter(name, description, schema=None, example=None):
    parameter = {"name": name, "in": "query", "required": False, "description": description}
    parameter["schema"] = schema or {"type": "string"}
    if example is not None:
        parameter["example"] = example
    return parameter


COMMON_PARAMETERS = [
    _parameter("limit", "Số mục mỗi trang (tối đa 100, mặc định 20).", {"type": "integer", "minimum": 1}),
    _parameter("offset", "Bỏ qua bao nhiêu mục đầu (phân trang).", {"type": "integer", "minimum": 0}),
    _parameter("fields", "Chọn trường trả về: fields=title,date; fields=* mọi trường; fields=-lead bỏ trường."),
    _parameter("order", "Sắp xếp theo trường, thêm “-” để giảm dần (ví dụ -id); order=random ngẫu nhiên."),
    _parameter("search", "Tìm theo từ khoá (tiếng Việt, có hoặc không dấu)."),
]
SECTOR_PARAMETERS = [
    _parameter("unit", "Chỉ lấy của một đơn vị, theo mã (xem /api/v2/units/).", example="thpt-so-1-bat-xat"),
    _parameter("date_from", "Từ ngày (YYYY-MM-DD, tính cả ngày này).", {"type": "string", "format": "date"}),
    _parameter("date_to", "Đến ngày (YYYY-MM-DD, tính cả ngày này).", {"type": "string", "format": "date"}),
]

TOPIC = _parameter("topic", "Mã số (id) của lĩnh vực.", {"type": "integer"})


def _responses(schema, listing):
    ok = _listing(schema) if listing else {"$ref": f"#/components/schemas/{schema}"}
    responses = {
        "200": {"description": _("Thành công."), "content": {"application/json": {"schema": ok}}},
        "400": {
            "description": _("Tham số không hợp lệ."),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        },
    }
    if not listing:
        responses["404"] = {
            "description": _("Không có mục này (hoặc chưa xuất bản, không công khai)."),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
    return responses


def _endpoint(tag, schema, summary, parameters):
    listing = {
        "get": {
            "tags": [tag],
            "summary": summary,
            "operationId": f"list_{tag}",
            "parameters": COMMON_PARAMETERS + parameters,
            "responses": _responses(schema, listing=True),
        }
    }
    detail = {
        "get": {
            "tags": [tag],
            "summary": f"{summary} — {_('một mục theo mã định danh')}",
            "operationId": f"get_{tag}",
            "parameters": [
                {
                    "name": "id",
                    "in": "path",
                    "required": True,
                    "description": "Mã định danh (id) của mục, lấy từ danh sách.",
                    "schema": {"type": "integer"},
                }
            ],
            "responses": _responses(schema, listing=False),
        }
    }
    return {f"/api/v2/{tag}/": listing, f"/api/v2/{tag}/{{id}}/": detail}


def openapi_document(request=None):
    """The description as a dict, with this site as the server."""
    server = request.build_absolute_uri("/").rstrip("/") if request else "https://sgddt.laocai.gov.vn"
    paths = {}
    paths.update(
        _endpoint(
            "pages",
            "Page",
            _("Các trang của trang thông tin đang truy cập"),
            [
                _parameter("type", "Loại trang, ví dụ news.NewsPage."),
                _parameter("child_of", "Trang con của trang có mã này (hoặc “root”).", {"type": "string"}),
                _parameter("descendant_of", "Mọi trang nằm dưới trang có mã này.", {"type": "integer"}),
            ],
        )
    )
    paths.update(
        _endpoint(
            "news",
            "News",
            _("Tin bài của toàn ngành"),
            SECTOR_PARAMETERS + [TOPIC],
        )
    )
    paths.update(
        _endpoint(
            "documents",
            "Document",
            _("Văn bản của toàn ngành"),
            SECTOR_PARAMETERS
            + [
                _parameter(
                    "number", "Số, ký hiệu (không phân biệt hoa thường, dấu, khoảng trắng).", example="22/2021/TT-BGDĐT"
                ),
                _parameter("document_type", "Loại văn bản.", _choices(DocumentType.choices, "")),
                _parameter("status", "Tình trạng hiệu lực.", _choices(LegalStatus.choices, "")),
                TOPIC,
            ],
        )
    )
    paths.update(
        _endpoint(
            "procedures",
            "Procedure",
            _("Thủ tục hành chính"),
            SECTOR_PARAMETERS + [_parameter("level", "Cấp thực hiện.", _choices(ProcedureLevel.choices, "")), TOPIC],
        )
    )
    paths.update(
        _endpoint(
            "units",
            "Unit",
            _("Danh bạ các đơn vị đang hoạt động"),
            [
                _parameter("unit_type", "Loại đơn vị.", _choices(UnitType.choices, "")),
                _parameter("district", "Huyện, thị xã, thành phố.", example="Bát Xát"),
                _parameter("parent_code", "Mã đơn vị quản lý trực tiếp.", example="so"),
            ],
        )
    )
    # Units are not searchable by keyword: filter them by type, district or parent instead.
    units = paths["/api/v2/units/"]["get"]
    units["parameters"] = [parameter for parameter in units["parameters"] if parameter["name"] != "search"]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": _("API đọc của Cổng thông tin điện tử ngành Giáo dục và Đào tạo Lào Cai"),
            "version": API_VERSION,
            "description": _(
                "API chỉ đọc, trả về JSON (UTF-8). Chỉ nội dung đã xuất bản và công khai của các đơn vị "
                "đang hoạt động. Không cần xác thực. Tài liệu đầy đủ: /api/docs/."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server}],
        "tags": [
            {"name": "pages", "description": _("Trang của trang thông tin đang truy cập")},
            {"name": "news", "description": _("Tin bài, toàn ngành")},
            {"name": "documents", "description": _("Văn bản, toàn ngành")},
            {"name": "procedures", "description": _("Thủ tục hành chính, toàn ngành")},
            {"name": "units", "description": _("Các đơn vị")},
        ],
        "paths": paths,
        "components": {"schemas": _schemas()},
    }


def _type_label(schema):
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    kind = " | ".join(kind) if isinstance(kind, list) else kind
    if kind == "array" and "items" in schema:
        return f"array<{_type_label(schema['items'])}>"
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return kind


def readable(spec):
    """The description arranged for the human-readable page: endpoints, then each object's fields."""
    endpoints = []
    for url, operations in spec["paths"].items():
        operation = operations["get"]
        endpoints.append(
            {
                "path": url,
                "summary": operation["summary"],
                "parameters": [
                    {
                        "name": parameter["name"],
                        "type": _type_label(parameter["schema"]),
                        "values": parameter["schema"].get("enum", []),
                        "description": parameter.get("description", ""),
                        "example": parameter.get("example", ""),
                    }
                    for parameter in operation["parameters"]
                ],
            }
        )
    objects = []
    for name, schema in spec["components"]["schemas"].items():
        objects.append(
            {
                "name": name,
                "fields": [
                    {
                        "name": field,
                        "type": _type_label(field_schema),
                        "values": field_schema.get("enum", []),
                        "description": field_schema.get("description", ""),
                        "required": field in schema.get("required", ()),
                    }
                    for field, field_schema in schema.get("properties", {}).items()
                ],
            }
        )
    return {"endpoints": endpoints, "objects": objects}
