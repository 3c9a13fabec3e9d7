"""What each kind of unit must disclose, by Thông tư 09/2024/TT-BGDĐT (which replaced Thông tư 36/2017/TT-BGDĐT).

Categories are data, defined once here and keyed by unit type, so a clerk only
picks one from a list. The schools' categories follow Chapter II of the
circular: general information (Điều 4), revenue and spending (Điều 5), the
conditions that ensure quality — staff, facilities, quality assessment — and
the plan and results of the educational activities (Điều 6–7 for kindergartens,
8–9 for general schools, 10–11 for continuing education), the annual report
(Điều 14). Boarding schools and kindergartens also publish the planned menus
(Điều 15). The department and the district offices are not educational
institutions: they publish their budget (Luật Ngân sách nhà nước, Thông tư
61/2017/TT-BTC) and the organisation of the sector's disclosure.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from schoolsite.models import UnitType

CIRCULAR = "09/2024/TT-BGDĐT"


@dataclass(frozen=True)
class Category:
    slug: str
    title: str
    basis: str  # the article of the circular (or law) that asks for it
    description: str


def _c(slug, title, basis, description):
    return Category(slug, title, basis, description)


CATEGORIES = {
    c.slug: c
    for c in [
        _c(
            "thong-tin-chung",
            _("Thông tin chung về cơ sở giáo dục"),
            _("Điều 4"),
            _("Tên, địa chỉ, loại hình, cơ quan quản lý; sứ mạng, mục tiêu; tổ chức bộ máy, người đứng đầu; "
              "quy chế, quy định của nhà trường."),
        ),
        _c(
            "tai-chinh",
            _("Thu, chi tài chính"),
            _("Điều 5"),
            _("Tình hình tài chính năm trước; học phí và các khoản thu khác; chính sách miễn, giảm học phí, "
              "học bổng, hỗ trợ người học."),
        ),
        _c(
            "doi-ngu",
            _("Đội ngũ cán bộ quản lý, giáo viên, nhân viên"),
            _("Điều kiện bảo đảm chất lượng"),
            _("Số lượng, trình độ đào tạo, đánh giá chuẩn nghề nghiệp; bồi dưỡng thường xuyên."),
        ),
        _c(
            "co-so-vat-chat",
            _("Cơ sở vật chất và tài liệu học tập"),
            _("Điều kiện bảo đảm chất lượng"),
            _("Diện tích đất, phòng học, phòng chức năng, thiết bị dạy học; sách giáo khoa, tài liệu sử dụng."),
        ),
        _c(
            "kiem-dinh",
            _("Kết quả đánh giá và kiểm định chất lượng giáo dục"),
            _("Điều kiện bảo đảm chất lượng"),
            _("Tự đánh giá, đánh giá ngoài, kế hoạch cải tiến chất lượng; công nhận đạt chuẩn quốc gia."),
        ),
        _c(
            "ke-hoach",
            _("Kế hoạch hoạt động giáo dục"),
            _("Kế hoạch và kết quả hoạt động giáo dục"),
            _("Kế hoạch tuyển sinh; kế hoạch giáo dục của nhà trường trong năm học; quy chế phối hợp với "
              "gia đình và xã hội."),
        ),
        _c(
            "ket-qua",
            _("Kết quả hoạt động giáo dục"),
            _("Kế hoạch và kết quả hoạt động giáo dục"),
            _("Số người học, kết quả đánh giá, rèn luyện, hoàn thành chương trình, tốt nghiệp của năm học trước."),
        ),
        _c(
            "thuc-don",
            _("Thực đơn dự kiến hằng ngày, hằng tuần"),
            _("Điều 15"),
            _("Đăng trước thứ Bảy của tuần trước; kèm kế hoạch giáo dục tháng, tuần đối với mầm non."),
        ),
        _c(
            "bao-cao-thuong-nien",
            _("Báo cáo thường niên"),
            _("Điều 14"),
            _("Báo cáo thường niên của năm học trước liền kề theo mẫu của Bộ Giáo dục và Đào tạo."),
        ),
        _c(
            "du-toan-ngan-sach",
            _("Dự toán ngân sách được giao"),
            _("Luật Ngân sách nhà nước"),
            _("Dự toán thu, chi ngân sách nhà nước được cấp có thẩm quyền giao trong năm."),
        ),
        _c(
            "quyet-toan-ngan-sach",
            _("Quyết toán ngân sách"),
            _("Luật Ngân sách nhà nước"),
            _("Quyết toán thu, chi ngân sách nhà nước năm trước được phê duyệt."),
        ),
        _c(
            "thuc-hien-cong-khai",
            _("Chỉ đạo, hướng dẫn thực hiện công khai"),
            _("Thông tư 09/2024/TT-BGDĐT"),
            _("Văn bản chỉ đạo, hướng dẫn và kết quả kiểm tra việc thực hiện công khai của các cơ sở giáo dục."),
        ),
    ]
}  # fmt: skip

_SCHOOL = ["thong-tin-chung", "tai-chinh", "doi-ngu", "co-so-vat-chat", "kiem-dinh", "ke-hoach", "ket-qua"]
_OFFICE = ["du-toan-ngan-sach", "quyet-toan-ngan-sach", "thuc-hien-cong-khai"]

BY_UNIT_TYPE = {
    UnitType.SO: _OFFICE,
    UnitType.PHONG: _OFFICE,
    UnitType.THPT: _SCHOOL + ["bao-cao-thuong-nien"],
    UnitType.THCS: _SCHOOL + ["bao-cao-thuong-nien"],
    UnitType.TH: _SCHOOL + ["bao-cao-thuong-nien"],
    # Boarding schools feed their pupils: they publish the planned menus, as kindergartens do.
    UnitType.PTDTNT: _SCHOOL + ["thuc-don", "bao-cao-thuong-nien"],
    UnitType.MN: _SCHOOL + ["thuc-don", "bao-cao-thuong-nien"],
    UnitType.GDTX: _SCHOOL + ["bao-cao-thuong-nien"],
}


def categories_for(unit_type):
    """The categories a unit of this type discloses, in the order the circular lists them."""
    return [CATEGORIES[slug] for slug in BY_UNIT_TYPE.get(unit_type, [])]


def category_choices(unit_type=None):
    categories = categories_for(unit_type) if unit_type else CATEGORIES.values()
    return [(c.slug, c.title) for c in categories]
