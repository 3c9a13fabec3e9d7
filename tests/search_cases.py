"""The relevance test set: Vietnamese queries people type, and what they must find.

Each case: (query, site, scope, expected title fragment, within the first N results).
Shared by the PostgreSQL suite and the Elasticsearch contract suite.
"""

SECTOR = "toan-nganh"
SITE = "don-vi"

CASES = [
    # With and without diacritics
    ("thông báo tuyển sinh lớp 10", "so", SECTOR, "tuyển sinh vào lớp 10", 1),
    ("thong bao tuyen sinh lop 10", "so", SECTOR, "tuyển sinh vào lớp 10", 1),
    ("thông báo tuyển sinh vào lớp 10 trung học phổ thông năm học 2026", "so", SECTOR, "năm học 2026", 1),
    ("THÔNG BÁO TUYỂN SINH", "so", SECTOR, "Thông báo tuyển sinh vào lớp 10", 3),
    ("kế hoạch năm học 2026-2027", "so", SECTOR, "Kế hoạch năm học 2026–2027", 3),
    ("ke hoach nam hoc", "thpt-chuyen", SECTOR, "Kế hoạch năm học 2026–2027", 3),
    ("phòng chống rét", "so", SECTOR, "phòng, chống rét", 3),
    ("phong chong ret hoc sinh vung cao", "so", SECTOR, "Chủ động phòng, chống rét cho học sinh vùng cao", 1),
    ("học bạ số", "so", SECTOR, "học bạ số", 3),
    ("hoc ba so", "so", SECTOR, "học bạ số", 3),
    ("dạy thêm học thêm", "so", SECTOR, "29/2024/TT-BGDĐT", 3),
    ("day them hoc them", "so", SECTOR, "29/2024/TT-BGDĐT", 3),
    ("quy định về công khai", "so", SECTOR, "09/2024/TT-BGDĐT", 1),
    ("luật giáo dục", "so", SECTOR, "Luật 43/2019/QH14", 3),
    ("luat giao duc", "thpt-chuyen", SECTOR, "Luật 43/2019/QH14", 3),
    ("điều lệ trường trung học", "so", SECTOR, "32/2020/TT-BGDĐT", 1),
    ("dieu le truong tieu hoc", "so", SECTOR, "28/2020/TT-BGDĐT", 1),
    ("bảo vệ dữ liệu cá nhân", "so", SECTOR, "13/2023/NĐ-CP", 1),
    ("hoc phi", "so", SECTOR, "81/2021/NĐ-CP", 5),
    # Document numbers and procedure codes
    ("3006/QĐ-UBND", "so", SECTOR, "3006/QĐ-UBND", 1),
    ("3006/QD-UBND", "so", SECTOR, "3006/QĐ-UBND", 1),
    ("3006", "thpt-chuyen", SECTOR, "3006/QĐ-UBND", 1),
    ("53/2012/TT-BGDĐT", "so", SECTOR, "53/2012/TT-BGDĐT", 1),
    ("53/2012/tt-bgddt", "thpt-chuyen", SITE, "53/2012/TT-BGDĐT", 1),
    ("22/2021", "so", SECTOR, "22/2021/TT-BGDĐT", 1),
    ("1.005088", "so", SECTOR, "Đăng ký dự thi tốt nghiệp", 1),
    # Procedures
    ("cấp bản sao văn bằng", "so", SECTOR, "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc", 1),
    ("cap ban sao van bang chung chi", "thpt-chuyen", SITE, "Cấp bản sao văn bằng, chứng chỉ", 1),
    ("phúc khảo", "so", SECTOR, "Phúc khảo bài thi tốt nghiệp", 1),
    ("chuyen truong", "so", SECTOR, "Chuyển trường đối với học sinh", 1),
    ("tuyển sinh trường dân tộc nội trú", "so", SECTOR, "Tuyển sinh vào trường phổ thông dân tộc nội trú", 3),
    # School news and pages
    (
        "học sinh đạt giải cấp tỉnh",
        "thpt-chuyen",
        SITE,
        "Học sinh đạt giải trong kỳ thi chọn học sinh giỏi cấp tỉnh",
        1,
    ),
    ("khai giang", "thpt-chuyen", SITE, "Lễ khai giảng năm học", 1),
    ("ngày nhà giáo việt nam", "ptdtnt-bac-ha", SITE, "Kỷ niệm Ngày Nhà giáo Việt Nam", 1),
    ("doi song noi tru", "ptdtnt-bac-ha", SITE, "Chăm lo đời sống học sinh nội trú", 1),
    ("cơ cấu tổ chức", "thpt-chuyen", SITE, "Cơ cấu tổ chức", 1),
    ("tap huan cong thong tin", "so", SECTOR, "Tập huấn sử dụng Cổng thông tin điện tử", 1),
    # Partial words
    ("tuyển sin", "so", SECTOR, "tuyển sinh", 3),
]
