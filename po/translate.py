#!/usr/bin/env python3
"""Fills po/en.po's empty msgstr from the table below (the English catalogue's source of truth
for strings added in bulk). Run scripts/po-update.sh first, then this, then --check."""
import re, sys, pathlib

EN = {
 "Bắt đầu": "Start here",
 "Chưa công bố": "Not published",
 "Chức vụ": "Position",
 "Cán bộ tiếp nhận (một cửa)": "Counter officer (one-stop shop)",
 "Cán bộ xử lý hồ sơ": "Processing officer",
 "Có lỗi": "Something went wrong",
 "Công dân, doanh nghiệp": "Citizen or business",
 "Cơ quan, đơn vị": "Agencies and units",
 "Cơ quan, đơn vị của tỉnh Sơn La": "Agencies and units of Sơn La province",
 "Cập nhật lần cuối:": "Last changed:",
 "Dành cho cán bộ, công chức và người dùng đã có tài khoản.": "For officials and users who have an account.",
 "Giám sát (HĐND, MTTQ, báo chí)": "Overseer (People's Council, Fatherland Front, press)",
 "Hệ thống (nạp dữ liệu)": "the system (data load)",
 "Hủy": "Cancel",
 "Không tìm thấy đơn vị nào. Hãy thử từ khóa khác, có dấu hoặc không dấu.": "No unit found. Try other words, with or without diacritics.",
 "Lưu": "Save",
 "Lịch tiếp công dân": "Citizen reception schedule",
 "Lịch tiếp công dân của người đứng đầu": "The head's citizen reception schedule",
 "Minh bạch trong giải quyết công việc của người dân, doanh nghiệp": "Transparency in how public agencies handle the affairs of citizens and businesses",
 "Mật khẩu": "Password",
 "Mọi thay đổi được ghi vào sổ cái chống sửa đổi:": "Every change is recorded in a tamper-evident ledger:",
 "Người đứng đầu": "Head",
 "Người đứng đầu và kênh liên hệ": "Head and contact channels",
 "Người đứng đầu đơn vị": "Head of unit",
 "Phường": "Ward",
 "Quản trị hệ thống": "Administrator",
 "Sơ đồ tổ chức: UBND tỉnh, các sở, ngành và 75 xã, phường": "Organisation chart: the Provincial People's Committee, departments and the 75 communes and wards",
 "Sở, ngành": "Department",
 "Sửa thông tin liên hệ": "Edit contact details",
 "Thanh tra Sở Nội vụ": "Home Affairs inspector",
 "Thanh tra tỉnh": "Provincial Inspectorate",
 "Thông tin liên hệ dưới đây là dữ liệu mẫu để trình diễn, không phải thông tin thật.": "The contact details below are demo data, not real contacts.",
 "Thư điện tử": "E-mail",
 "Thời gian": "Time",
 "Thực hiện Kế hoạch 262/KH-UBND của UBND tỉnh Sơn La về phòng, chống nhũng nhiễu, gây phiền hà.": "Implements Plan 262/KH-UBND of the Sơn La Provincial People's Committee against harassment of citizens and businesses.",
 "Tra cứu cơ quan, đơn vị của tỉnh Sơn La: người đứng đầu, số điện thoại, thư điện tử, đường dây nóng và lịch tiếp công dân.": "Look up Sơn La's agencies and units: their head, phone, e-mail, hotline and citizen reception schedule.",
 "Trang chủ": "Home",
 "Trường": "Field",
 "Tên đăng nhập": "Login",
 "Tìm": "Search",
 "Tìm cơ quan, đơn vị": "Find an agency or unit",
 "Tỉnh": "Province",
 "Tỉnh Sơn La · Chống nhũng nhiễu, gây phiền hà": "Sơn La province · Against harassment by officials",
 "Ví dụ: Chiềng Cơi, Mộc Châu, Sở Y tế": "For example: Chiềng Cơi, Mộc Châu, Department of Health",
 "Về trang chủ": "Back to the home page",
 "Xã": "Commune",
 "bởi": "by",
 "kết quả": "results",
 "Điện thoại": "Phone",
 "Đăng nhập": "Sign in",
 "Đăng xuất": "Sign out",
 "Đơn vị trực thuộc": "Sub-units",
 "Đường dây nóng": "Hotline",
 "Địa chỉ": "Address",
 "Địa điểm": "Place",
 "Địa điểm tiếp công dân": "Reception place",
 "điểm kiểm tra đã ký": "signed checkpoint",
 "Họ và tên": "Full name",
 "Khóa": "Disabled",
 "Mã đơn vị": "Unit code",
 "Mật khẩu:": "Password:",
 "Trạng thái": "Status",
 "Tài khoản": "Accounts",
 "Tạo tài khoản": "Create an account",
 "Tạo và sinh mật khẩu": "Create and generate a password",
 "Vai trò": "Role",
 "Vai trò, đơn vị": "Role and unit",
 "chỉ hiển thị một lần; hãy trao cho người dùng qua kênh an toàn.": "shown only once; hand it to the user through a safe channel.",
 "Đang dùng": "Active",
 "Đã khóa": "Disabled",
 "Đã lưu thay đổi.": "Changes saved.",
 "Đã tạo tài khoản.": "Account created.",
 "Đã đặt lại mật khẩu.": "Password reset.",
 "Đặt lại mật khẩu": "Reset password",
}

def unq(s):
    return s.encode('latin-1', 'backslashreplace').decode('unicode_escape').encode('latin-1').decode('utf-8') if '\\' in s else s

def esc(s):
    return s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')

path = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else 'po/en.po')
text = path.read_text(encoding='utf-8')
out, missing = [], []
blocks = text.split('\n\n')
for b in blocks:
    m = re.search(r'^msgid ((?:".*"\n?)+)msgstr ((?:".*"\n?)+)', b, re.M)
    if not m:
        out.append(b); continue
    mid = ''.join(re.findall(r'"(.*)"', m.group(1))).replace('\\"', '"').replace('\\n', '\n')
    mstr = ''.join(re.findall(r'"(.*)"', m.group(2)))
    if mid and not mstr:
        if mid in EN:
            b = b[:m.start(2)] + '"' + esc(EN[mid]) + '"' + ('\n' if m.group(2).endswith('\n') else '') + b[m.end(2):]
        else:
            missing.append(mid)
    out.append(b)
path.write_text('\n\n'.join(out), encoding='utf-8')
if missing:
    print('no translation for:', *missing, sep='\n  ')
