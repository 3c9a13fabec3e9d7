"""A province-scale roster (~660 units) for scale tests and benchmarks.

It starts from the real Lào Cai roster (department, THPT, PTDTNT), adds one
district office (Phòng GD&ĐT) per district, then kindergartens, primary and
lower-secondary schools and continuing-education centres named after the
districts' communes, in the proportions of the province's 646 schools.
All names of people are fictional.
"""

import csv
import random
from pathlib import Path

from django.conf import settings

from home.tabular import fold

from .roster import COLUMNS, LOCATION_COLUMNS

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "roster"

# The province's schools below upper-secondary, from Decision 3006/QĐ-UBND (2018).
LOWER_LEVEL_SHARES = [("mn", 200), ("th", 223), ("thcs", 189), ("gdtx", 10)]
LEVEL_NAMES = {
    "mn": "Trường Mầm non",
    "th": "Trường Tiểu học",
    "thcs": "Trường THCS",
    "gdtx": "Trung tâm GDNN-GDTX",
}
LEVEL_SHORT = {"mn": "MN", "th": "TH", "thcs": "THCS", "gdtx": "TTGDNN-GDTX"}
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Lò", "Giàng", "Thào", "Lù", "Vàng", "Sùng", "Hà"]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Thu", "Đức", "Thanh", "Hồng", "Quốc", "A", "Seo"]
GIVEN_NAMES = [
    "An",
    "Bình",
    "Chiến",
    "Dung",
    "Giang",
    "Hà",
    "Hải",
    "Hoa",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Sử",
    "Tú",
    "Vân",
]


def slug(text):
    return "-".join(fold(text).replace("'", "").split())


def district_code(district):
    """Short ASCII code of a district: 'Thành phố Lào Cai' -> 'tplc', 'Bảo Yên' -> 'bao-yen'."""
    special = {"Thành phố Lào Cai": "tplc", "Thị xã Sa Pa": "sa-pa"}
    return special.get(district, slug(district))


def _person(rng):
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"


def _real_rows():
    with open(FIXTURES / "lao-cai.csv", encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _communes():
    with open(FIXTURES / "communes.csv", encoding="utf-8", newline="") as handle:
        return [(row["district"], row["communes"].split(";")) for row in csv.DictReader(handle)]


def generate(units, domain="laocai.edu.vn", seed=2026):
    """Return `units` roster rows (dicts with COLUMNS), parents always before children."""
    rng = random.Random(seed)
    rows = _real_rows()
    districts = _communes()
    for district, _district_communes in districts:
        code = f"phong-{district_code(district)}"
        rows.append(
            {
                "code": code,
                "name": f"Phòng Giáo dục và Đào tạo {district}",
                "short_name": f"Phòng GD&ĐT {district}",
                "unit_type": "phong",
                "district": district,
                "parent_code": "so",
                "hostname": f"{code}.{domain}",
                "address": f"{district}, tỉnh Lào Cai",
                "phone": "",
                "email": f"{code.replace('-', '')}@{domain}",
                "head_name": _person(rng),
            }
        )
    remaining = max(units - len(rows), 0)
    total_share = sum(share for _level, share in LOWER_LEVEL_SHARES)
    targets = {level: round(remaining * share / total_share) for level, share in LOWER_LEVEL_SHARES}
    # Rounding may leave a few units over or under: adjust the largest level.
    targets["th"] += remaining - sum(targets.values())

    all_communes = [(district, commune) for district, communes in districts for commune in communes]
    for level, count in targets.items():
        # Schools are named after communes; centres (one per district) after districts.
        places = [(d, d) for d, _c in districts] if level == "gdtx" else all_communes
        for index in range(count):
            district, place_name = places[index % len(places)]
            round_number = index // len(places) + 1
            place = place_name if round_number == 1 else f"số {round_number} {place_name}"
            dcode = district_code(district)
            code = f"{level}-{dcode}" if level == "gdtx" else f"{level}-{slug(place_name)}-{dcode}"
            code += "" if round_number == 1 else f"-{round_number}"
            address = f"{district}, tỉnh Lào Cai" if level == "gdtx" else f"Xã {place_name}, {district}, tỉnh Lào Cai"
            rows.append(
                {
                    "code": code,
                    "name": f"{LEVEL_NAMES[level]} {place}",
                    "short_name": f"{LEVEL_SHORT[level]} {place}",
                    "unit_type": level,
                    "district": district,
                    "parent_code": "so" if level == "gdtx" else f"phong-{dcode}",
                    "hostname": f"{code}.{domain}",
                    "address": address,
                    "phone": f"0214 3{rng.randrange(100000, 999999)}",
                    "email": f"{code.replace('-', '')}@{domain}",
                    "head_name": _person(rng),
                }
            )
    return rows[:units]


def write(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        # The optional location columns follow the fixed header (empty for generated units).
        writer = csv.DictWriter(handle, fieldnames=COLUMNS + list(LOCATION_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
