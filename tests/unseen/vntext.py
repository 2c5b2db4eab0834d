"""Vietnamese administrative news, generated from topic sentence banks with varied slots.

Every portal draws its stories from `make_stories`, which rejects a story whose word 5-shingles
overlap any earlier story (of any portal) too much, so bodies stay distinct across the fixtures.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
    "Lương",
    "Hà",
    "Mai",
    "Tạ",
    "Cao",
    "Lâm",
    "Kiều",
    "Triệu",
]
MIDDLE_M = [
    "Văn",
    "Đức",
    "Minh",
    "Quốc",
    "Hữu",
    "Thành",
    "Xuân",
    "Công",
    "Ngọc",
    "Đình",
    "Tiến",
    "Quang",
    "Bá",
    "Trọng",
]
MIDDLE_F = [
    "Thị",
    "Thu",
    "Ngọc",
    "Thanh",
    "Hồng",
    "Minh",
    "Phương",
    "Kim",
    "Thúy",
    "Diệu",
    "Bích",
    "Hải",
]
GIVEN_M = [
    "Hùng",
    "Dũng",
    "Tuấn",
    "Sơn",
    "Hải",
    "Long",
    "Thắng",
    "Bình",
    "Cường",
    "Khánh",
    "Phong",
    "Trung",
    "Hiếu",
    "Tâm",
    "Nam",
    "Vinh",
    "Lộc",
    "Đạt",
    "Quân",
    "Huy",
    "Thịnh",
    "Phúc",
    "Nghĩa",
    "Kiên",
    "Tùng",
]
GIVEN_F = [
    "Lan",
    "Hương",
    "Hằng",
    "Mai",
    "Thảo",
    "Trang",
    "Nga",
    "Hà",
    "Loan",
    "Yến",
    "Vân",
    "Nhung",
    "Linh",
    "Phượng",
    "Hạnh",
    "Dung",
    "Oanh",
    "Huyền",
    "Quyên",
    "Thư",
]
PEN_NAMES = [
    "Minh Thu",
    "Thanh Hà",
    "Hoài Nam",
    "Quang Vinh",
    "Bảo Ngọc",
    "Khánh Linh",
    "Đức Anh",
    "Thu Trang",
    "Minh Anh",
    "Ngọc Diệp",
    "Hải Yến",
    "Phương Thảo",
    "Trần Hằng",
    "Lê Duy",
    "Việt Hùng",
    "Hồng Nhung",
    "Thái Sơn",
    "Mỹ Hạnh",
    "Tuấn Kiệt",
    "Gia Huy",
    "Thùy Dương",
    "Kim Oanh",
    "Vũ Phương",
    "Nhật Minh",
    "Anh Thư",
    "Hữu Tài",
    "Thanh Tùng",
    "Diệu Linh",
]
INITIALS = ["T.H", "N.V", "H.L", "M.T", "P.A", "Q.Đ", "T.N", "V.K", "L.H", "Đ.T"]
TITLES_LEADER = [
    "Giám đốc Sở",
    "Phó Giám đốc Sở",
    "Phó Giám đốc phụ trách",
    "Chánh Văn phòng Sở",
    "Trưởng phòng Kế hoạch - Tài chính",
]
TITLES_PROV = [
    "Phó Chủ tịch UBND tỉnh",
    "Ủy viên Ban Thường vụ Tỉnh ủy",
    "Phó Trưởng Đoàn đại biểu Quốc hội tỉnh",
    "Chủ tịch Liên đoàn Lao động tỉnh",
]
PLACES = [
    "xã Tân Phú",
    "phường Hòa Bình",
    "xã Đông Hưng",
    "phường Trung Tâm",
    "xã Phước Lộc",
    "xã Thạch Sơn",
    "xã Yên Lạc",
    "phường An Khánh",
    "xã Mỹ Thạnh",
    "xã Kim Đồng",
    "phường Bắc Sơn",
    "xã Quảng Lợi",
    "xã Nghĩa Hưng",
    "phường Tân Lập",
    "xã Hòa Vang",
    "xã Lộc Ninh",
    "xã Đức Phổ",
    "phường Nam Lý",
    "xã Bình Minh",
    "xã Cẩm Thủy",
    "phường Đông Xuyên",
    "xã Hương Trà",
    "xã Sơn Hà",
    "xã Thuận Thành",
    "xã Vĩnh Hảo",
    "phường Phú Lâm",
    "xã Tam Đảo",
    "xã Định Quán",
    "xã Hải Lăng",
    "phường Ninh Giang",
]
AGENCIES = [
    "Công an tỉnh",
    "Sở Tài chính",
    "Sở Nội vụ",
    "Sở Xây dựng",
    "Sở Y tế",
    "Sở Giáo dục và Đào tạo",
    "Ban Quản lý các khu công nghiệp",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Báo tỉnh",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Hội Nông dân tỉnh",
    "Tỉnh đoàn",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Liên đoàn Lao động tỉnh",
    "Văn phòng UBND tỉnh",
    "Thanh tra tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Bảo hiểm xã hội tỉnh",
    "Cục Thuế tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "UBND các xã, phường",
]
GOALS = [
    "nâng cao hiệu quả quản lý nhà nước",
    "cụ thể hóa các chỉ tiêu của Nghị quyết Đại hội Đảng bộ tỉnh",
    "tạo chuyển biến rõ nét trong nhận thức của người dân",
    "bảo đảm tiến độ các nhiệm vụ trọng tâm",
    "khắc phục những tồn tại được chỉ ra qua kiểm tra",
    "đáp ứng yêu cầu của chính quyền địa phương hai cấp",
]
AUDIENCES = [
    "cán bộ, công chức cấp xã",
    "học viên",
    "người dân và doanh nghiệp",
    "đoàn viên, thanh niên",
    "hội viên",
    "cán bộ chuyên môn",
]


@dataclass(frozen=True)
class Topic:
    """A department's subject: title templates, facts and vocabulary for the slots."""

    noun: str
    titles: tuple[str, ...]
    events: tuple[str, ...]
    facts: tuple[str, ...]
    tasks: tuple[str, ...]
    problems: tuple[str, ...]
    metrics: tuple[tuple[str, str], ...]
    ministry: str


def _t(
    noun: str,
    titles: str,
    events: str,
    facts: str,
    tasks: str,
    problems: str,
    metrics: str,
    ministry: str,
) -> Topic:
    def split(s: str) -> tuple[str, ...]:
        return tuple(x.strip() for x in s.strip().split("\n") if x.strip())

    pairs = tuple(tuple(x.split("|")) for x in split(metrics))
    return Topic(
        noun,
        split(titles),
        split(events),
        split(facts),
        split(tasks),
        split(problems),
        pairs,
        ministry,
    )  # type: ignore[arg-type]


TOPICS: dict[str, list[Topic]] = {
    "tuphap": [
        _t(
            "công tác phổ biến, giáo dục pháp luật",
            """
            Tuyên truyền pháp luật cho đồng bào vùng sâu tại {place}
            Hội nghị phổ biến {n_small} luật mới có hiệu lực năm {year}
            {place} ra mắt mô hình câu lạc bộ pháp luật thứ {n_small}
            Tổng kết Ngày Pháp luật Việt Nam tại {place}
            """,
            """
            hội nghị phổ biến các văn bản quy phạm pháp luật mới
            cuộc thi tìm hiểu pháp luật trực tuyến
            buổi tuyên truyền pháp luật lưu động
            """,
            """
            Báo cáo viên pháp luật đã giới thiệu những nội dung cơ bản của Luật Tổ chức chính quyền địa phương sửa đổi và các nghị định hướng dẫn liên quan đến {noun_short}.
            Hình thức tuyên truyền được đổi mới theo hướng trực quan, kết hợp hỏi đáp tình huống, phát tờ gấp và đăng tải nội dung trên trang thông tin điện tử của {place}.
            Toàn tỉnh hiện có {n} tủ sách pháp luật và {n2} câu lạc bộ pháp luật hoạt động thường xuyên ở thôn, tổ dân phố.
            Nhiều người dân {place} cho biết lần đầu được nghe giải thích cặn kẽ về quyền và nghĩa vụ của mình trong giao dịch đất đai, thừa kế và hôn nhân gia đình.
            Cuộc thi thu hút {n} lượt người dự thi, trong đó có {n2} bài dự thi đạt điểm tuyệt đối.
            """,
            """
            đa dạng hóa hình thức phổ biến pháp luật phù hợp với từng nhóm đối tượng
            kiện toàn đội ngũ báo cáo viên, tuyên truyền viên pháp luật cấp xã
            ứng dụng mạng xã hội để đưa pháp luật đến gần người dân
            bố trí kinh phí bảo đảm cho hoạt động của tủ sách pháp luật
            """,
            """
            đội ngũ tuyên truyền viên ở cơ sở còn mỏng và chủ yếu kiêm nhiệm
            kinh phí dành cho công tác phổ biến pháp luật ở cấp xã còn hạn hẹp
            một bộ phận người dân chưa chủ động tìm hiểu pháp luật
            """,
            """
            tổ chức|cuộc tuyên truyền
            cấp phát|tài liệu pháp luật
            thu hút|lượt người tham gia
            """,
            "Bộ Tư pháp",
        ),
        _t(
            "công tác hộ tịch và chứng thực",
            """
            Số hóa {n} sổ hộ tịch lưu trữ tại {place}
            Giải quyết hồ sơ đăng ký khai sinh trực tuyến tăng {pct}%
            Kiểm tra việc đăng ký hộ tịch tại {place} và {place2}
            Tập huấn nghiệp vụ chứng thực cho công chức tư pháp - hộ tịch
            """,
            """
            hội nghị tập huấn nghiệp vụ hộ tịch, chứng thực
            đợt kiểm tra công tác đăng ký và quản lý hộ tịch
            buổi làm việc về số hóa dữ liệu hộ tịch
            """,
            """
            Việc số hóa sổ hộ tịch giúp người dân không phải xuất trình bản chính giấy khai sinh khi thực hiện thủ tục hành chính tại {place}.
            Liên thông thủ tục đăng ký khai sinh, đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ em dưới sáu tuổi đã được thực hiện tại {n_small} xã, phường.
            Qua kiểm tra, đoàn phát hiện một số sổ đăng ký khai tử ghi thiếu thông tin, chữ ký của người đi đăng ký chưa đầy đủ.
            Công chức tư pháp - hộ tịch được hướng dẫn cách xử lý các trường hợp đăng ký lại khai sinh, cải chính hộ tịch và xác định lại dân tộc.
            Tỷ lệ hồ sơ hộ tịch tiếp nhận qua Cổng dịch vụ công quốc gia đạt {pct}%, cao hơn mức bình quân của khu vực.
            """,
            """
            hoàn thành số hóa dữ liệu hộ tịch lưu trữ trước thời hạn
            chấn chỉnh việc ghi chép sổ hộ tịch ở cơ sở
            hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình
            rà soát, bố trí công chức tư pháp - hộ tịch đủ về số lượng
            """,
            """
            sổ hộ tịch cũ bị ẩm mốc, mờ chữ gây khó khăn cho việc nhập liệu
            đường truyền tại một số xã vùng cao chưa ổn định
            nhiều người cao tuổi chưa quen với dịch vụ công trực tuyến
            """,
            """
            giải quyết|hồ sơ đăng ký khai sinh
            chứng thực|bản sao từ bản chính
            số hóa|trang sổ hộ tịch
            """,
            "Bộ Tư pháp",
        ),
        _t(
            "công tác trợ giúp pháp lý",
            """
            Trợ giúp pháp lý miễn phí cho {n} người dân {place}
            Trung tâm Trợ giúp pháp lý nhà nước ký kết phối hợp với {agency}
            Nâng cao chất lượng vụ việc tham gia tố tụng của trợ giúp viên pháp lý
            """,
            """
            đợt trợ giúp pháp lý lưu động
            hội nghị đánh giá chất lượng vụ việc trợ giúp pháp lý
            buổi ký kết quy chế phối hợp trong hoạt động trợ giúp pháp lý
            """,
            """
            Các trợ giúp viên pháp lý đã tư vấn trực tiếp cho người thuộc hộ nghèo, người dân tộc thiểu số và người có công với cách mạng tại {place}.
            Nhiều vụ việc liên quan đến tranh chấp ranh giới đất, chia thừa kế và cấp dưỡng nuôi con được hướng dẫn cụ thể.
            Trong năm, trợ giúp viên pháp lý tham gia tố tụng {n2} vụ việc, trong đó có nhiều vụ án hình sự có người bị buộc tội là người chưa thành niên.
            Quy chế phối hợp quy định rõ việc giới thiệu người được trợ giúp pháp lý từ cơ quan tiến hành tố tụng đến Trung tâm.
            """,
            """
            tăng số vụ việc tham gia tố tụng
            phối hợp chặt chẽ với cơ quan tiến hành tố tụng
            đánh giá chất lượng vụ việc theo bộ tiêu chí của Bộ Tư pháp
            """,
            """
            số trợ giúp viên pháp lý còn ít so với nhu cầu
            địa bàn rộng, đi lại khó khăn vào mùa mưa
            """,
            """
            thực hiện|vụ việc trợ giúp pháp lý
            tư vấn|lượt người dân
            """,
            "Cục Trợ giúp pháp lý",
        ),
    ],
    "nnmt": [
        _t(
            "công tác phòng, chống thiên tai",
            """
            Chủ động ứng phó mưa lũ tại {place}
            Diễn tập phòng chống thiên tai và tìm kiếm cứu nạn năm {year}
            Kiểm tra an toàn hồ đập trước mùa mưa tại {place}
            Hỗ trợ {n} hộ dân bị thiệt hại do lốc xoáy
            """,
            """
            cuộc diễn tập phòng, chống thiên tai
            đợt kiểm tra công tác phòng chống thiên tai trước mùa mưa bão
            hội nghị triển khai nhiệm vụ phòng chống thiên tai
            """,
            """
            Toàn tỉnh có {n_small} hồ chứa thủy lợi, trong đó {n_small2} hồ đã xuống cấp cần sửa chữa, nâng cấp trước mùa mưa.
            Lực lượng xung kích tại {place} được tập huấn kỹ năng sơ tán dân, cứu hộ người bị nạn và bảo vệ tài sản.
            Mưa lớn kéo dài làm sạt lở {n_small} điểm trên tuyến đường liên xã, gây ách tắc giao thông nhiều giờ.
            Các phương án theo phương châm bốn tại chỗ đã được rà soát, bổ sung phù hợp với địa bàn sau sắp xếp đơn vị hành chính.
            Đài Khí tượng thủy văn tỉnh dự báo mùa mưa năm nay có khả năng xuất hiện {n_small} đợt mưa lớn diện rộng.
            """,
            """
            rà soát phương án ứng phó với từng loại hình thiên tai
            bố trí vật tư, phương tiện dự phòng tại các điểm xung yếu
            thông tin kịp thời bản tin dự báo đến người dân
            di dời các hộ dân ở vùng có nguy cơ sạt lở cao
            """,
            """
            nhiều công trình thủy lợi được xây dựng đã lâu, xuống cấp
            hệ thống cảnh báo sớm ở vùng núi còn thiếu
            kinh phí cho công tác phòng chống thiên tai còn hạn chế
            """,
            """
            di dời|hộ dân khỏi vùng nguy hiểm
            gia cố|mét đê, kè xung yếu
            hỗ trợ|tấn gạo cứu đói
            """,
            "Bộ Nông nghiệp và Môi trường",
        ),
        _t(
            "công tác trồng và bảo vệ rừng",
            """
            Trồng mới {n} ha rừng tập trung tại {place}
            Tăng cường tuần tra bảo vệ rừng mùa khô ở {place}
            Giao khoán bảo vệ rừng cho cộng đồng dân cư thôn bản
            """,
            """
            lễ phát động Tết trồng cây
            đợt tuần tra, truy quét chống phá rừng
            hội nghị sơ kết công tác giao khoán bảo vệ rừng
            """,
            """
            Diện tích rừng trồng tập trung chủ yếu là keo lai, thông ba lá và một số loài cây bản địa như dổi, lim xanh, sao đen.
            Tỷ lệ che phủ rừng của tỉnh đạt {pct}%, tăng so với cùng kỳ nhờ diện tích rừng trồng đến tuổi khép tán.
            Kiểm lâm địa bàn phối hợp với công an xã lập biên bản {n_small} vụ khai thác lâm sản trái phép tại {place}.
            Mỗi hộ nhận khoán bảo vệ rừng được hỗ trợ {money} mỗi năm, góp phần cải thiện thu nhập cho đồng bào dân tộc thiểu số.
            """,
            """
            trồng rừng đúng thời vụ, bảo đảm tỷ lệ cây sống
            xử lý nghiêm các hành vi lấn chiếm đất rừng
            nhân rộng mô hình trồng dược liệu dưới tán rừng
            """,
            """
            nguy cơ cháy rừng cao trong các tháng mùa khô
            giá cây giống bản địa cao, nguồn cung hạn chế
            """,
            """
            trồng mới|ha rừng
            cấp phát|cây giống lâm nghiệp
            phát hiện|vụ vi phạm lâm luật
            """,
            "Cục Lâm nghiệp và Kiểm lâm",
        ),
        _t(
            "công tác quản lý chất thải rắn sinh hoạt",
            """
            Phân loại rác tại nguồn ở {place}
            {place} ra quân xử lý các điểm tồn đọng rác thải
            Ký cam kết bảo vệ môi trường với {n} cơ sở sản xuất
            """,
            """
            buổi ra quân làm sạch môi trường
            hội thảo về phân loại chất thải rắn sinh hoạt tại nguồn
            đợt kiểm tra việc chấp hành pháp luật về bảo vệ môi trường
            """,
            """
            Mỗi ngày địa bàn phát sinh khoảng {n_small} tấn chất thải rắn sinh hoạt, tỷ lệ thu gom ở khu vực đô thị đạt {pct}%.
            Các hộ gia đình tại {place} được phát miễn phí thùng đựng rác hữu cơ và túi đựng chất thải tái chế.
            Nhà máy xử lý rác của tỉnh đang vận hành vượt công suất thiết kế, buộc phải chôn lấp một phần.
            Qua kiểm tra, đoàn phát hiện {n_small} cơ sở chăn nuôi xả nước thải chưa qua xử lý ra môi trường.
            """,
            """
            nhân rộng mô hình phân loại rác tại nguồn
            kêu gọi đầu tư nhà máy xử lý chất thải công nghệ mới
            xử lý dứt điểm các bãi rác tự phát
            """,
            """
            ý thức của một bộ phận người dân còn chưa cao
            phương tiện thu gom ở các xã vùng xa còn thiếu
            """,
            """
            thu gom|tấn rác thải
            xử lý|điểm tồn đọng rác
            """,
            "Bộ Nông nghiệp và Môi trường",
        ),
    ],
    "khcn": [
        _t(
            "chuyển đổi số",
            """
            {place} đẩy mạnh chuyển đổi số trong cung cấp dịch vụ công
            Tập huấn kỹ năng số cho {n} thành viên tổ công nghệ số cộng đồng
            Đưa nền tảng trợ lý ảo vào phục vụ cán bộ, công chức
            Chuyển đổi số năm {year}: {pct}% hồ sơ được xử lý trực tuyến
            """,
            """
            hội nghị sơ kết chuyển đổi số
            lớp tập huấn kỹ năng số cho tổ công nghệ số cộng đồng
            buổi ra mắt nền tảng số dùng chung của tỉnh
            """,
            """
            Hệ thống quản lý văn bản và điều hành đã kết nối liên thông bốn cấp, bảo đảm gửi nhận văn bản điện tử có ký số.
            Tổ công nghệ số cộng đồng tại {place} hướng dẫn người dân cài đặt ứng dụng định danh điện tử và thanh toán không dùng tiền mặt.
            Tỷ lệ hồ sơ công việc cấp tỉnh được xử lý trên môi trường mạng đạt {pct}%, cấp xã đạt {pct2}%.
            Trung tâm giám sát, điều hành thông minh đã tích hợp dữ liệu từ {n_small} hệ thống thông tin chuyên ngành.
            Nền tảng trợ lý ảo được huấn luyện trên kho văn bản quy phạm pháp luật, giúp công chức tra cứu quy định nhanh hơn.
            """,
            """
            hoàn thiện cơ sở dữ liệu dùng chung của tỉnh
            bảo đảm an toàn thông tin theo mô hình bốn lớp
            nâng cao kỹ năng số cho người dân vùng nông thôn
            đẩy mạnh thanh toán trực tuyến phí, lệ phí
            """,
            """
            hạ tầng mạng ở một số xã vùng cao chưa đáp ứng
            nhân lực công nghệ thông tin ở cấp xã còn thiếu
            dữ liệu giữa các ngành chưa được chuẩn hóa
            """,
            """
            xử lý|hồ sơ trực tuyến
            cấp|chứng thư số cho cán bộ
            kết nối|điểm cầu trực tuyến
            """,
            "Bộ Khoa học và Công nghệ",
        ),
        _t(
            "hoạt động nghiên cứu khoa học",
            """
            Nghiệm thu đề tài ứng dụng công nghệ sinh học tại {place}
            Xét duyệt {n_small} nhiệm vụ khoa học và công nghệ cấp tỉnh năm {year}
            Chuyển giao quy trình nhân giống cây dược liệu cho nông dân {place}
            """,
            """
            hội đồng nghiệm thu đề tài khoa học cấp tỉnh
            phiên xét duyệt thuyết minh nhiệm vụ khoa học và công nghệ
            hội thảo khoa học về ứng dụng tiến bộ kỹ thuật
            """,
            """
            Đề tài đã xây dựng được quy trình nhân giống bằng phương pháp nuôi cấy mô, tỷ lệ cây con xuất vườn đạt trên {pct}%.
            Hội đồng đánh giá cao tính thực tiễn của đề tài, đồng thời đề nghị chủ nhiệm bổ sung số liệu về hiệu quả kinh tế.
            Kết quả nghiên cứu được chuyển giao cho hợp tác xã tại {place}, mở ra hướng sản xuất hàng hóa có giá trị cao.
            Tổng kinh phí thực hiện đề tài là {money}, thời gian thực hiện {n_small} tháng.
            """,
            """
            gắn nhiệm vụ khoa học với nhu cầu thực tiễn của địa phương
            thương mại hóa kết quả nghiên cứu
            tăng cường kiểm tra tiến độ các đề tài đang thực hiện
            """,
            """
            một số đề tài chậm tiến độ so với thuyết minh
            khả năng nhân rộng kết quả sau nghiệm thu còn hạn chế
            """,
            """
            nghiệm thu|đề tài, dự án
            chuyển giao|quy trình kỹ thuật
            """,
            "Bộ Khoa học và Công nghệ",
        ),
        _t(
            "quản lý tiêu chuẩn, đo lường, chất lượng",
            """
            Kiểm tra đo lường xăng dầu tại {n} cửa hàng
            Hỗ trợ doanh nghiệp áp dụng hệ thống quản lý chất lượng
            Kiểm định cân tại các chợ ở {place}
            """,
            """
            đợt kiểm tra nhà nước về đo lường, chất lượng
            hội nghị phổ biến tiêu chuẩn quốc gia mới
            lớp đào tạo về hệ thống quản lý chất lượng
            """,
            """
            Đoàn kiểm tra đã lấy mẫu xăng dầu tại {place} để thử nghiệm các chỉ tiêu trị số octan và hàm lượng lưu huỳnh.
            Toàn bộ cột đo nhiên liệu được kiểm tra đều còn hiệu lực kiểm định, sai số nằm trong giới hạn cho phép.
            Chi cục đã kiểm định miễn phí {n_small} chiếc cân đang sử dụng tại chợ {place}, niêm phong các cân không đạt yêu cầu.
            Doanh nghiệp tham gia chương trình được hỗ trợ tối đa {money} để tư vấn, đánh giá chứng nhận.
            """,
            """
            tăng cường kiểm tra đột xuất phương tiện đo
            hướng dẫn doanh nghiệp công bố hợp chuẩn, hợp quy
            """,
            """
            nhiều tiểu thương chưa có thói quen kiểm định cân định kỳ
            lực lượng kiểm tra chuyên ngành còn mỏng
            """,
            """
            kiểm tra|cơ sở kinh doanh
            kiểm định|phương tiện đo
            """,
            "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
        ),
    ],
    "yte": [
        _t(
            "công tác phòng, chống sốt xuất huyết",
            """
            Ra quân diệt lăng quăng phòng sốt xuất huyết tại {place}
            Ghi nhận {n_small} ổ dịch sốt xuất huyết trên địa bàn
            Giám sát véc tơ truyền bệnh tại {place}
            """,
            """
            chiến dịch diệt lăng quăng, bọ gậy
            đợt phun hóa chất diệt muỗi diện rộng
            buổi giám sát công tác phòng chống dịch
            """,
            """
            Từ đầu năm đến nay, toàn tỉnh ghi nhận {n} ca mắc sốt xuất huyết, không có trường hợp tử vong.
            Lực lượng y tế phối hợp với đoàn viên thanh niên đi từng hộ gia đình ở {place} lật úp dụng cụ chứa nước, thả cá ăn lăng quăng.
            Chỉ số mật độ muỗi tại {place} vượt ngưỡng nguy cơ, buộc ngành y tế phải phun hóa chất trên diện rộng.
            Các bệnh viện được yêu cầu bố trí giường bệnh, thuốc và dịch truyền sẵn sàng tiếp nhận bệnh nhân nặng.
            """,
            """
            giám sát chặt chẽ ca bệnh và xử lý triệt để ổ dịch
            huy động cả hệ thống chính trị tham gia diệt lăng quăng
            truyền thông để người dân không tự ý điều trị tại nhà
            """,
            """
            thời tiết mưa nắng xen kẽ tạo điều kiện cho muỗi phát triển
            người dân còn chủ quan, chưa thường xuyên vệ sinh dụng cụ chứa nước
            """,
            """
            ghi nhận|ca mắc
            xử lý|ổ dịch
            phun|lít hóa chất
            """,
            "Bộ Y tế",
        ),
        _t(
            "công tác bảo đảm an toàn thực phẩm",
            """
            Kiểm tra an toàn thực phẩm dịp Tết Nguyên đán tại {place}
            Xử phạt {n_small} cơ sở vi phạm quy định về an toàn thực phẩm
            Tháng hành động vì an toàn thực phẩm năm {year}
            """,
            """
            lễ phát động Tháng hành động vì an toàn thực phẩm
            đợt kiểm tra liên ngành về an toàn thực phẩm
            hội nghị tập huấn kiến thức an toàn thực phẩm cho bếp ăn tập thể
            """,
            """
            Đoàn kiểm tra liên ngành đã kiểm tra {n} cơ sở sản xuất, kinh doanh thực phẩm, phát hiện {n_small} cơ sở vi phạm.
            Các lỗi thường gặp là không có giấy chứng nhận đủ điều kiện, người trực tiếp chế biến chưa khám sức khỏe định kỳ.
            Mẫu giò chả lấy tại chợ {place} được test nhanh dương tính với hàn the và bị tiêu hủy ngay tại chỗ.
            Bếp ăn tập thể của các khu công nghiệp được yêu cầu lưu mẫu thức ăn đủ bảy mươi hai giờ.
            """,
            """
            kiểm tra đột xuất các bếp ăn tập thể
            công khai danh sách cơ sở vi phạm trên phương tiện thông tin đại chúng
            """,
            """
            nhiều cơ sở nhỏ lẻ, kinh doanh theo mùa vụ khó quản lý
            thực phẩm trôi nổi không rõ nguồn gốc vẫn được bày bán
            """,
            """
            kiểm tra|cơ sở thực phẩm
            tiêu hủy|kg thực phẩm không bảo đảm
            """,
            "Cục An toàn thực phẩm",
        ),
        _t(
            "công tác tiêm chủng mở rộng",
            """
            Tiêm bổ sung vắc xin sởi cho {n} trẻ tại {place}
            Tỷ lệ tiêm chủng đầy đủ cho trẻ dưới một tuổi đạt {pct}%
            Bảo đảm an toàn tiêm chủng tại các trạm y tế xã
            """,
            """
            chiến dịch tiêm bổ sung vắc xin
            buổi kiểm tra công tác tiêm chủng mở rộng
            hội nghị triển khai tiêm chủng năm {year}
            """,
            """
            Các trạm y tế tại {place} tổ chức tiêm vào các ngày cố định trong tháng, rà soát đối tượng theo từng thôn.
            Sau tiêm, trẻ được theo dõi ba mươi phút tại điểm tiêm và hướng dẫn cha mẹ theo dõi tiếp tại nhà.
            Tỷ lệ trẻ được tiêm đủ mũi vắc xin phối hợp đạt {pct}%, cao hơn cùng kỳ năm trước.
            Đợt này tỉnh được cấp {n} liều vắc xin, bảo quản trong dây chuyền lạnh theo đúng quy định.
            """,
            """
            rà soát, tiêm vét cho trẻ bỏ sót mũi
            bảo đảm dây chuyền lạnh bảo quản vắc xin
            """,
            """
            một số phụ huynh còn e ngại phản ứng sau tiêm
            địa bàn miền núi đi lại khó khăn
            """,
            """
            tiêm|trẻ em
            tiếp nhận|liều vắc xin
            """,
            "Viện Vệ sinh dịch tễ",
        ),
    ],
    "xaydung": [
        _t(
            "công tác phát triển nhà ở xã hội",
            """
            Khởi công dự án nhà ở xã hội {n} căn tại {place}
            Công bố danh sách dự án nhà ở xã hội mở bán năm {year}
            Tháo gỡ vướng mắc thủ tục đầu tư nhà ở xã hội
            """,
            """
            lễ khởi công dự án nhà ở xã hội
            hội nghị tháo gỡ khó khăn cho các dự án nhà ở
            buổi kiểm tra tiến độ dự án nhà ở xã hội
            """,
            """
            Dự án có tổng mức đầu tư {money}, gồm các khối nhà cao chín tầng và nhà thương mại liền kề.
            Người mua nhà ở xã hội được vay vốn ưu đãi tại Ngân hàng Chính sách xã hội với lãi suất thấp.
            Đến nay tỉnh có {n_small} dự án nhà ở xã hội đang triển khai, dự kiến cung ứng thêm {n} căn hộ.
            Hồ sơ mua nhà được tiếp nhận tại trụ sở chủ đầu tư và thẩm định theo đúng điều kiện về thu nhập.
            """,
            """
            rút ngắn thời gian thẩm định hồ sơ dự án
            công khai thông tin dự án để người dân tiếp cận
            giám sát chặt chẽ việc xét duyệt đối tượng mua nhà
            """,
            """
            giá vật liệu xây dựng biến động mạnh
            quỹ đất sạch dành cho nhà ở xã hội còn ít
            """,
            """
            hoàn thành|căn hộ
            tiếp nhận|bộ hồ sơ mua nhà
            """,
            "Bộ Xây dựng",
        ),
        _t(
            "công tác bảo đảm trật tự an toàn giao thông",
            """
            Sửa chữa {n_small} điểm đen tai nạn giao thông trên quốc lộ
            Kiểm tra tải trọng xe tại trạm cân {place}
            Bảo đảm an toàn giao thông dịp nghỉ lễ
            """,
            """
            hội nghị sơ kết công tác bảo đảm trật tự an toàn giao thông
            đợt kiểm tra tải trọng phương tiện
            lễ ra quân cao điểm bảo đảm an toàn giao thông
            """,
            """
            Trong {period}, số vụ tai nạn giao thông giảm {pct}%, số người chết giảm {pct2}% so với cùng kỳ.
            Đơn vị quản lý đường bộ đã lắp đặt bổ sung biển báo, gờ giảm tốc và đèn cảnh báo tại các khúc cua nguy hiểm qua {place}.
            Trạm kiểm tra tải trọng xe phát hiện {n_small} phương tiện chở hàng vượt tải trọng cho phép của cầu đường.
            Các bến xe khách được yêu cầu kiểm tra nồng độ cồn đối với lái xe trước khi xuất bến.
            """,
            """
            xử lý dứt điểm các điểm đen tai nạn giao thông
            kiểm soát chặt tải trọng phương tiện
            """,
            """
            nhiều tuyến đường xuống cấp sau mùa mưa
            lưu lượng xe tăng đột biến vào dịp lễ
            """,
            """
            kiểm tra|phương tiện
            xử lý|trường hợp vi phạm
            """,
            "Cục Đường bộ Việt Nam",
        ),
        _t(
            "công tác quản lý quy hoạch và trật tự xây dựng",
            """
            Công bố đồ án quy hoạch chung đô thị {place}
            Thanh tra trật tự xây dựng tại {n_small} công trình
            Lấy ý kiến cộng đồng về quy hoạch phân khu {place}
            """,
            """
            hội nghị công bố đồ án quy hoạch
            đợt thanh tra trật tự xây dựng
            buổi lấy ý kiến cộng đồng dân cư về quy hoạch
            """,
            """
            Đồ án xác định {place} là đô thị dịch vụ, có quy mô dân số khoảng {n} người đến năm 2035.
            Qua thanh tra, đoàn phát hiện {n_small} công trình xây dựng sai giấy phép, lấn chiếm hành lang an toàn giao thông.
            Người dân được xem bản vẽ quy hoạch tại trụ sở {place} và góp ý bằng phiếu trong thời hạn ba mươi ngày.
            """,
            """
            công khai quy hoạch bằng nhiều hình thức
            xử lý nghiêm công trình xây dựng không phép
            """,
            """
            việc cắm mốc giới quy hoạch ngoài thực địa còn chậm
            lực lượng thanh tra xây dựng ở cấp xã còn thiếu
            """,
            """
            thanh tra|công trình
            cấp|giấy phép xây dựng
            """,
            "Bộ Xây dựng",
        ),
    ],
    "taichinh": [
        _t(
            "công tác giải ngân vốn đầu tư công",
            """
            Giải ngân vốn đầu tư công đạt {pct}% kế hoạch
            Thành lập tổ công tác đôn đốc giải ngân tại {place}
            Điều chuyển {money} vốn từ dự án chậm giải ngân
            """,
            """
            hội nghị đôn đốc giải ngân vốn đầu tư công
            cuộc họp tổ công tác đặc biệt về giải ngân
            buổi kiểm tra tiến độ các dự án trọng điểm
            """,
            """
            Tổng kế hoạch vốn đầu tư công năm nay của tỉnh là {money}, đến nay đã giải ngân được {pct}%.
            Một số chủ đầu tư tại {place} có tỷ lệ giải ngân thấp do vướng mắc giải phóng mặt bằng.
            Kho bạc Nhà nước cam kết kiểm soát, thanh toán hồ sơ trong ngày làm việc khi chứng từ hợp lệ.
            Các dự án chậm giải ngân sẽ bị điều chuyển vốn cho dự án có khối lượng hoàn thành lớn.
            """,
            """
            tập trung tháo gỡ vướng mắc về giải phóng mặt bằng
            lập hồ sơ thanh toán ngay khi có khối lượng nghiệm thu
            gắn kết quả giải ngân với đánh giá người đứng đầu
            """,
            """
            công tác bồi thường, hỗ trợ tái định cư còn chậm
            năng lực của một số nhà thầu chưa đáp ứng
            """,
            """
            giải ngân|tỷ đồng
            hoàn thành|dự án
            """,
            "Bộ Tài chính",
        ),
        _t(
            "công tác thu ngân sách và hỗ trợ doanh nghiệp",
            """
            Thu ngân sách {period} đạt {money}
            Gặp gỡ doanh nghiệp tháo gỡ khó khăn tại {place}
            Cấp mới đăng ký cho {n} doanh nghiệp
            """,
            """
            hội nghị gặp gỡ doanh nghiệp
            hội nghị đánh giá tình hình thu ngân sách
            buổi đối thoại với hộ kinh doanh
            """,
            """
            Tổng thu ngân sách nhà nước trên địa bàn {period} ước đạt {money}, bằng {pct}% dự toán.
            Số doanh nghiệp thành lập mới tăng {pct2}%, vốn đăng ký bình quân mỗi doanh nghiệp khoảng {money2}.
            Nhiều doanh nghiệp tại {place} kiến nghị đơn giản hóa thủ tục hoàn thuế giá trị gia tăng.
            Hộ kinh doanh chuyển đổi lên doanh nghiệp được miễn lệ phí đăng ký và hỗ trợ tư vấn kế toán.
            """,
            """
            quản lý chặt chẽ các nguồn thu, chống thất thu
            giải quyết nhanh kiến nghị của doanh nghiệp
            """,
            """
            nhiều doanh nghiệp nhỏ thiếu vốn lưu động
            thị trường bất động sản trầm lắng làm giảm thu tiền sử dụng đất
            """,
            """
            thu|tỷ đồng
            cấp mới|giấy chứng nhận đăng ký doanh nghiệp
            """,
            "Bộ Tài chính",
        ),
        _t(
            "công tác quản lý giá và tài sản công",
            """
            Kiểm tra niêm yết giá tại {n} cơ sở kinh doanh
            Sắp xếp lại {n_small} trụ sở dôi dư sau hợp nhất
            Thẩm định giá đất cụ thể tại {place}
            """,
            """
            đợt kiểm tra việc niêm yết giá
            hội nghị về sắp xếp, xử lý tài sản công
            phiên họp Hội đồng thẩm định giá đất
            """,
            """
            Sau sắp xếp đơn vị hành chính, tỉnh có {n_small} trụ sở dôi dư, trong đó nhiều trụ sở được chuyển sang làm trường học, trạm y tế.
            Giá các mặt hàng thiết yếu tại chợ {place} ổn định, không có hiện tượng tăng giá bất hợp lý.
            Hội đồng thẩm định giá đất đã thông qua phương án giá cho {n_small} dự án có thu hồi đất.
            """,
            """
            hoàn thành phương án xử lý trụ sở dôi dư
            bình ổn giá các mặt hàng thiết yếu
            """,
            """
            hồ sơ pháp lý của nhiều cơ sở nhà đất chưa đầy đủ
            giá thị trường biến động khó xác định
            """,
            """
            xử lý|cơ sở nhà đất
            kiểm tra|cơ sở kinh doanh
            """,
            "Bộ Tài chính",
        ),
    ],
    "noivu": [
        _t(
            "công tác cải cách hành chính",
            """
            Chỉ số cải cách hành chính năm {year} tăng {n_small} bậc
            Khảo sát sự hài lòng của người dân tại {place}
            Tập huấn nghiệp vụ cải cách hành chính cho công chức cấp xã
            """,
            """
            hội nghị sơ kết công tác cải cách hành chính
            đợt kiểm tra cải cách hành chính
            lớp tập huấn nghiệp vụ cải cách hành chính
            """,
            """
            Chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính đạt {pct}%.
            Bộ phận một cửa tại {place} được bố trí máy lấy số tự động và khu vực hướng dẫn dịch vụ công trực tuyến.
            Đoàn kiểm tra nhắc nhở {n_small} đơn vị chậm cập nhật hồ sơ lên hệ thống thông tin giải quyết thủ tục hành chính.
            Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn đạt {pct2}%, không có hồ sơ phải xin lỗi người dân.
            """,
            """
            nâng cao chất lượng phục vụ tại bộ phận một cửa
            siết chặt kỷ luật, kỷ cương hành chính
            """,
            """
            một số công chức chưa thành thạo phần mềm một cửa điện tử
            việc số hóa kết quả giải quyết thủ tục còn chậm
            """,
            """
            tiếp nhận|hồ sơ
            giải quyết|thủ tục hành chính
            """,
            "Bộ Nội vụ",
        ),
        _t(
            "công tác giải quyết việc làm",
            """
            Phiên giao dịch việc làm tuyển {n} lao động
            Đưa {n_small} lao động đi làm việc ở nước ngoài
            Đào tạo nghề cho lao động nông thôn tại {place}
            """,
            """
            phiên giao dịch việc làm
            hội nghị tư vấn xuất khẩu lao động
            lễ khai giảng lớp đào tạo nghề
            """,
            """
            Phiên giao dịch có {n_small} doanh nghiệp tham gia, tuyển dụng các vị trí công nhân may, cơ khí và điện tử.
            Nhiều lao động tại {place} được phỏng vấn trực tiếp và nhận việc ngay tại phiên.
            Học viên lớp đào tạo nghề được hỗ trợ tiền ăn, tiền đi lại và cấp chứng chỉ sau khi hoàn thành khóa học.
            Thu nhập bình quân của lao động đi làm việc ở nước ngoài theo hợp đồng từ {money2} mỗi tháng.
            """,
            """
            kết nối cung cầu lao động
            đào tạo nghề gắn với nhu cầu doanh nghiệp
            """,
            """
            lao động phổ thông chiếm tỷ lệ cao
            thông tin tuyển dụng chưa đến được người lao động vùng xa
            """,
            """
            giải quyết việc làm cho|lao động
            đào tạo nghề cho|học viên
            """,
            "Bộ Nội vụ",
        ),
        _t(
            "công tác thi đua, khen thưởng",
            """
            Tôn vinh {n_small} điển hình tiên tiến năm {year}
            Trao tặng danh hiệu Chiến sĩ thi đua cho {n_small} cá nhân
            Phát động phong trào thi đua chào mừng đại hội
            """,
            """
            lễ tôn vinh điển hình tiên tiến
            hội nghị tổng kết phong trào thi đua
            lễ phát động phong trào thi đua
            """,
            """
            Các điển hình được tôn vinh là những người trực tiếp lao động, sản xuất, công tác tại cơ sở.
            Hồ sơ đề nghị khen thưởng được thẩm định chặt chẽ, bảo đảm công khai, minh bạch.
            Nông dân {place} được tuyên dương vì đã hiến hàng nghìn mét vuông đất làm đường giao thông nông thôn.
            """,
            """
            phát hiện, nhân rộng điển hình tiên tiến
            khen thưởng kịp thời người lao động trực tiếp
            """,
            """
            một số phong trào thi đua còn hình thức
            việc phát hiện điển hình ở cơ sở còn hạn chế
            """,
            """
            khen thưởng|tập thể
            tôn vinh|cá nhân
            """,
            "Ban Thi đua - Khen thưởng Trung ương",
        ),
    ],
    "gddt": [
        _t(
            "kỳ thi tốt nghiệp trung học phổ thông",
            """
            {n} thí sinh đăng ký dự thi tốt nghiệp THPT năm {year}
            Kiểm tra công tác chuẩn bị thi tại {place}
            Ôn tập cho học sinh lớp 12 vùng khó khăn
            """,
            """
            hội nghị triển khai kỳ thi tốt nghiệp trung học phổ thông
            đợt kiểm tra công tác chuẩn bị thi
            buổi tập huấn cán bộ coi thi
            """,
            """
            Toàn tỉnh bố trí {n_small} điểm thi với hơn {n} phòng thi, huy động cán bộ, giáo viên làm nhiệm vụ.
            Học sinh ở {place} được nhà trường tổ chức ôn tập miễn phí, chia nhóm theo năng lực.
            Các điểm thi được lắp camera giám sát và bố trí lực lượng công an bảo vệ đề thi.
            """,
            """
            bảo đảm an toàn tuyệt đối cho kỳ thi
            hỗ trợ thí sinh có hoàn cảnh khó khăn
            """,
            """
            một số điểm thi ở xa trung tâm, đi lại khó khăn
            thời tiết nắng nóng ảnh hưởng đến sức khỏe thí sinh
            """,
            """
            bố trí|phòng thi
            hỗ trợ|thí sinh
            """,
            "Bộ Giáo dục và Đào tạo",
        ),
        _t(
            "công tác tuyển sinh và phát triển trường lớp",
            """
            Tuyển sinh lớp 10 năm học {year}: {n} chỉ tiêu
            Khánh thành trường học mới tại {place}
            Sáp nhập {n_small} trường tiểu học nhỏ lẻ
            """,
            """
            hội nghị triển khai công tác tuyển sinh
            lễ khánh thành trường học
            buổi kiểm tra cơ sở vật chất trường học
            """,
            """
            Trường mới tại {place} có {n_small} phòng học, thư viện, phòng tin học và sân thể thao đạt chuẩn.
            Chỉ tiêu tuyển sinh lớp 10 công lập được giao căn cứ số học sinh tốt nghiệp trung học cơ sở.
            Việc sáp nhập các điểm trường lẻ giúp tập trung giáo viên, nâng cao chất lượng dạy học.
            """,
            """
            hoàn thành kiên cố hóa trường lớp
            tuyển sinh đúng quy chế, công khai
            """,
            """
            thiếu giáo viên một số môn học
            nhiều phòng học xuống cấp
            """,
            """
            xây mới|phòng học
            tuyển|học sinh
            """,
            "Bộ Giáo dục và Đào tạo",
        ),
    ],
    "vhttdl": [
        _t(
            "phát triển du lịch",
            """
            Đón {n} lượt khách du lịch dịp lễ
            Ra mắt tour du lịch cộng đồng tại {place}
            Liên kết phát triển du lịch với các tỉnh bạn
            """,
            """
            lễ ra mắt sản phẩm du lịch mới
            hội nghị xúc tiến du lịch
            đợt khảo sát tuyến du lịch cộng đồng
            """,
            """
            Tổng doanh thu từ du lịch {period} ước đạt {money}, tăng {pct}% so với cùng kỳ.
            Tour du lịch cộng đồng tại {place} đưa du khách trải nghiệm nấu ăn, dệt thổ cẩm và nghỉ tại nhà dân.
            Các cơ sở lưu trú được yêu cầu niêm yết giá công khai và không ép giá du khách.
            """,
            """
            đa dạng hóa sản phẩm du lịch
            quảng bá hình ảnh điểm đến trên nền tảng số
            """,
            """
            hạ tầng tại một số điểm du lịch còn thiếu
            nguồn nhân lực du lịch chưa chuyên nghiệp
            """,
            """
            đón|lượt khách
            công nhận|điểm du lịch
            """,
            "Bộ Văn hóa, Thể thao và Du lịch",
        ),
        _t(
            "bảo tồn di sản văn hóa",
            """
            Tu bổ di tích cấp tỉnh tại {place}
            Lễ hội truyền thống {place} thu hút {n} người
            Số hóa {n_small} hiện vật bảo tàng
            """,
            """
            lễ khởi công tu bổ di tích
            lễ hội truyền thống
            hội thảo về bảo tồn di sản
            """,
            """
            Di tích tại {place} được xếp hạng cấp tỉnh, hiện xuống cấp nghiêm trọng ở phần mái và hệ thống cột gỗ.
            Lễ hội năm nay có phần lễ trang nghiêm và phần hội với nhiều trò chơi dân gian như kéo co, đánh đu, ném còn.
            Bảo tàng tỉnh đã số hóa ba chiều các hiện vật tiêu biểu, giới thiệu trên trang thông tin điện tử.
            """,
            """
            bảo tồn di tích gắn với phát triển du lịch
            quản lý lễ hội văn minh, tiết kiệm
            """,
            """
            kinh phí tu bổ di tích còn hạn chế
            nghệ nhân dân gian ngày càng cao tuổi
            """,
            """
            tu bổ|di tích
            sưu tầm|hiện vật
            """,
            "Bộ Văn hóa, Thể thao và Du lịch",
        ),
    ],
}

LEADS = [
    "{when} {org} [tổ chức|đã tổ chức|chủ trì tổ chức] {event}. [Tham dự có|Dự hội nghị có|Tới dự có|Chủ trì có] {leader}; [đại diện|lãnh đạo] {agency}, {agency2} [và|cùng] {n_small} [đại biểu|cán bộ|thành viên] [đến từ|của|thuộc] [các xã, phường|các đơn vị|các địa phương] [trên địa bàn|trong tỉnh|liên quan].",
    "{when} [tại|ở] {place}, {org} [phối hợp với|cùng|chủ trì, phối hợp với] {agency} [tổ chức|triển khai|mở] {event} [cho|dành cho|với sự tham gia của] {n} {audience} [trên địa bàn|của địa phương|ở các thôn, tổ dân phố].",
    "{when} [đoàn công tác|đoàn kiểm tra|đoàn khảo sát] [của|thuộc] {org} do {leader} [làm trưởng đoàn|dẫn đầu] đã [kiểm tra|làm việc về|khảo sát] {noun} [tại|ở] {place} [và|cùng] {place2}.",
    "Nhằm {goal}, {org} [vừa ban hành|đã ban hành|mới ban hành] Kế hoạch số {docno} [về|triển khai|thực hiện] {noun} năm {year} [trên địa bàn|tại] {prov}[, áp dụng cho {n3} đơn vị|, với {n_small} nhóm nhiệm vụ|].",
    "{when} {leader} [chủ trì|đã chủ trì] [cuộc họp|hội nghị trực tuyến|buổi làm việc|phiên họp] [đánh giá kết quả|nghe báo cáo về|sơ kết] {noun} {period} [và|đồng thời] [bàn giải pháp|thống nhất nhiệm vụ|triển khai kế hoạch] [thời gian tới|những tháng cuối năm|quý tiếp theo].",
    "Thực hiện [chỉ đạo|kế hoạch|văn bản chỉ đạo] của UBND {prov}, {org} [đã chủ trì|vừa phối hợp với {agency}] [tổ chức|triển khai] {event} [tại|ở] {place}, [thu hút|có] {n} {audience} [tham gia|tham dự|hưởng ứng].",
]

SENTENCES = [
    "[Theo báo cáo|Theo số liệu tổng hợp|Báo cáo của Sở cho thấy], {period} [toàn tỉnh|các địa phương|toàn ngành] đã {m_verb} {n} {m_unit}, [đạt|bằng] {pct}% [kế hoạch năm|chỉ tiêu được giao|kế hoạch], [tăng|cao hơn] {pct2}% so với [cùng kỳ năm trước|cùng kỳ|năm {year_prev}].",
    "[Riêng|Chỉ riêng|Đáng chú ý,] [tại|ở] {place}, [đã|các đơn vị đã|địa phương đã] {m_verb} {n2} {m_unit}, [cao nhất từ trước đến nay|dẫn đầu toàn tỉnh|vượt chỉ tiêu được giao|tăng gần gấp đôi năm ngoái].",
    "{noun_cap} [được|đã được] {agency} [triển khai|tổ chức thực hiện|quan tâm chỉ đạo] [đồng bộ|quyết liệt|bài bản|thường xuyên], [bám sát|theo đúng|căn cứ] [chỉ đạo của Tỉnh ủy, UBND tỉnh|kế hoạch của UBND tỉnh|các văn bản chỉ đạo] [và|cùng] hướng dẫn của {ministry}.",
    "Đến [nay|cuối tháng {month}|thời điểm báo cáo|ngày {deadline}], [đã có|có] {n3} [cơ quan, đơn vị|địa phương|xã, phường] [hoàn thành|triển khai xong|thực hiện xong] [kế hoạch|nhiệm vụ|các chỉ tiêu], [chiếm|đạt] {pct3}% [tổng số đơn vị được giao|số đơn vị|kế hoạch đề ra].",
    "[Tổng kinh phí thực hiện|Kinh phí triển khai|Tổng nguồn lực huy động] [là|đạt|khoảng] {money}, trong đó [ngân sách tỉnh|ngân sách nhà nước|nguồn sự nghiệp] [bố trí|hỗ trợ|cấp] {money2}, [phần còn lại|số còn lại] [huy động từ nguồn xã hội hóa|do các địa phương đối ứng|từ các chương trình mục tiêu].",
    "[Tuy nhiên|Bên cạnh kết quả đạt được|Dù vậy], {noun} [vẫn còn|còn] [một số|không ít] [hạn chế|khó khăn, vướng mắc|tồn tại] như {problem}; {problem2}.",
    "[Phát biểu chỉ đạo|Phát biểu kết luận|Kết luận buổi làm việc], {leader_short} [ghi nhận|đánh giá cao|biểu dương] [nỗ lực|sự cố gắng|tinh thần trách nhiệm] của [các đơn vị|các địa phương|đội ngũ cán bộ] và [đề nghị|yêu cầu] [thời gian tới|trong thời gian tới|từ nay đến cuối năm] [tập trung|chú trọng|ưu tiên] {task}, [đồng thời|cùng với đó là|và] {task2}.",
    "{leader_short2} [nhấn mạnh|lưu ý|yêu cầu|đề nghị] [các đơn vị|các địa phương|từng cơ quan] [phải|cần] {task3}, không để [tình trạng trì trệ|việc chậm trễ|tồn đọng|hình thức] [kéo dài|tái diễn|xảy ra].",
    "Theo {person}, [thời gian qua|năm {year}|từ đầu năm] {place} đã {m_verb} {n4} {m_unit}, [góp phần|qua đó] {goal}.",
    "[Trong thời gian tới|Những tháng cuối năm|Quý tiếp theo|Năm {year_next}], {org} [sẽ tiếp tục|tiếp tục|xác định ưu tiên] {task}; {task2} [và|cũng như] {task3}.",
    "{org} [đề nghị|yêu cầu] {agency} {task}, [báo cáo kết quả|gửi báo cáo|tổng hợp kết quả] về Sở trước ngày {deadline}[ để tổng hợp|, qua hệ thống quản lý văn bản|].",
    "[Dịp này|Nhân dịp này|Tại buổi lễ], {org} [đã trao|trao|khen thưởng] [Giấy khen|Bằng khen] cho {n_small} tập thể và {n_small2} cá nhân [có thành tích xuất sắc|có nhiều đóng góp|tiêu biểu] [trong|về] {noun}.",
    "[Hội nghị|Buổi làm việc|Diễn đàn] [cũng đã nghe|đã nghe|ghi nhận] {n_small} [tham luận|ý kiến phát biểu|báo cáo điển hình] của [đại diện|lãnh đạo] {place}, {place2} và {agency} [chia sẻ kinh nghiệm, cách làm hay|nêu khó khăn ở cơ sở|đề xuất giải pháp].",
    "[Kết thúc đợt kiểm tra|Sau kiểm tra|Qua đợt kiểm tra], [đoàn công tác|đoàn kiểm tra|đoàn] đã [lập biên bản|ghi nhận kết quả|có kết luận], yêu cầu {n_small} [cơ sở|đơn vị|địa phương] [khắc phục tồn tại|chấn chỉnh sai sót|bổ sung hồ sơ] trong thời hạn {days} ngày.",
    "[Chia sẻ tại buổi|Trao đổi tại hội nghị|Tại buổi làm việc], {person2} [cho biết|chia sẻ|khẳng định] {opinion_task} là [việc làm|nhiệm vụ|yêu cầu] [cấp thiết|quan trọng|thường xuyên] [lâu nay|hiện nay|trong giai đoạn này] [ở địa phương|tại cơ sở|của xã].",
    "Năm {year}, [ngành|Sở|tỉnh] [phấn đấu|đặt mục tiêu|quyết tâm] {m_verb} [ít nhất|khoảng|trên] {n5} {m_unit}, [bảo đảm|hướng tới|qua đó] {goal}.",
    "[Các đại biểu|Đại biểu dự họp|Nhiều ý kiến] đã [thảo luận|trao đổi|phân tích], [làm rõ|chỉ ra] [nguyên nhân của những tồn tại|nguyên nhân hạn chế|các điểm nghẽn], [trong đó có|nhất là|đặc biệt là] {problem3}.",
    "[Bà con|Người dân|Nhiều hộ dân] {place2} [phấn khởi|đồng tình|hưởng ứng] vì {noun} [thiết thực|gắn với đời sống hằng ngày|mang lại lợi ích rõ ràng], [giúp|hỗ trợ] [người dân|bà con|các hộ gia đình] [yên tâm sản xuất|ổn định cuộc sống|tiết kiệm thời gian, chi phí].",
    "[Ghi nhận tại|Có mặt tại|Theo ghi nhận ở] {place}, [từ sáng sớm|ngay từ đầu giờ|suốt buổi], [hàng trăm|nhiều|đông đảo] {audience} đã [có mặt|tham gia|tập trung] [đầy đủ|đúng giờ|sôi nổi], [không khí|quang cảnh] [khẩn trương|nghiêm túc|phấn khởi].",
    "[Ông|Bà] {name_only}, [người dân|hộ dân|chủ hộ] [thôn {village}|tổ dân phố {village}] ({place}), [cho biết|chia sẻ|kể lại]: trước đây [gia đình|bà con trong thôn|người dân] [gặp nhiều khó khăn|phải đi lại nhiều lần|chưa nắm rõ quy định], [nay|bây giờ|hiện nay] [đã thuận lợi hơn|mọi việc đã khác|yên tâm hơn nhiều].",
    "[Để|Nhằm] [bảo đảm hiệu quả|nâng cao chất lượng|duy trì kết quả], {org} [đã|vừa] [thành lập|kiện toàn|bổ sung] {n_small} [tổ công tác|tổ giúp việc|nhóm hỗ trợ] [do|với] [lãnh đạo Sở|các phòng chuyên môn|cán bộ có kinh nghiệm] [phụ trách|làm nòng cốt|trực tiếp theo dõi] [từng địa bàn|từng lĩnh vực|từng cụm xã].",
    "[Số liệu|Kết quả|Thống kê] [cho thấy|ghi nhận] [tỷ lệ|mức độ] [hài lòng|đồng thuận|tham gia] của [người dân|doanh nghiệp|các địa phương] [đạt|lên tới|khoảng] {pct}%, [tăng|cao hơn] [{pct2} điểm phần trăm|đáng kể] so với [năm {year_prev}|đợt khảo sát trước|kỳ trước].",
]

SHORTS = [
    "{org} [thông báo|trân trọng thông báo|xin thông báo] [tổ chức|về việc tổ chức] {event} vào [lúc|hồi] {hh} giờ {mm}[,|] ngày {date_txt} tại {venue}.",
    "[Thành phần tham dự|Thành phần mời|Đối tượng tham dự] [gồm|là] [lãnh đạo|đại diện lãnh đạo] {agency}, {agency2}, [UBND|lãnh đạo UBND] {place}, {place2} và {n_small} [cán bộ chuyên môn|công chức phụ trách|báo cáo viên].",
    "[Đề nghị|Yêu cầu] [các cơ quan, đơn vị|các địa phương|các đơn vị có tên] [cử người tham dự|bố trí thành phần tham dự|chuẩn bị báo cáo] [đầy đủ, đúng thành phần|đúng giờ|theo đề cương], [gửi danh sách|đăng ký danh sách|gửi báo cáo] về [Văn phòng Sở|phòng chuyên môn|bộ phận tổng hợp] trước ngày {deadline}.",
    "[Thời gian tiếp nhận hồ sơ|Thời hạn đăng ký|Thời gian nhận hồ sơ] [từ ngày|kể từ ngày] {deadline} [đến hết ngày|đến ngày] {deadline2}, [trong giờ hành chính|các ngày làm việc trong tuần|kể cả thứ Bảy].",
    "[Mọi chi tiết xin liên hệ|Thông tin chi tiết liên hệ|Liên hệ để được hướng dẫn]: {person3}, [điện thoại|số điện thoại] 0{phone_a}.{phone_b}.",
    "[Nội dung chính là|Chương trình tập trung vào việc|Nội dung tập trung vào việc] {task}, [đánh giá|trao đổi về] {noun} và [giải đáp|tiếp thu] [kiến nghị|ý kiến|vướng mắc] của [cơ sở|các địa phương|người dân].",
    "[Trường hợp|Nếu] [có thay đổi|thay đổi thời gian|hoãn tổ chức], {org} sẽ [thông báo|thông tin] [trên trang thông tin điện tử của Sở|bằng văn bản|qua hệ thống quản lý văn bản và điều hành][ để các đơn vị biết, thực hiện| để kịp thời bố trí|].",
]
SHORT_TITLES = [
    "Thông báo về việc tổ chức {event} [tại|ở] {place}",
    "Thông báo lịch {event} [năm|đợt {n_small} năm] {year}",
    "Mời tham dự {event} [tháng|trong tháng] {month}/{year}",
    "Thông báo [triệu tập|mời] {audience} dự {event}",
]
VENUES = [
    "Hội trường tầng 3 trụ sở Sở",
    "phòng họp trực tuyến của UBND tỉnh",
    "Trung tâm Hội nghị tỉnh",
    "Nhà văn hóa {place}",
    "trụ sở UBND {place}",
    "Hội trường Trung tâm chính trị {place}",
]
VILLAGES = [
    "1",
    "2",
    "3",
    "5",
    "7",
    "Tân Hòa",
    "Đồng Tâm",
    "Bản Chang",
    "Làng Mới",
    "Phú Thượng",
    "Trung Hậu",
    "Kon Đào",
    "Nà Lẹng",
]

OPENERS_WHEN = [
    "Sáng {d}-{mo},",
    "Chiều {d}-{mo},",
    "Ngày {d}/{mo},",
    "Sáng {d}/{mo}/{y},",
    "Trong hai ngày {d0} và {d}/{mo},",
    "Tối {d}-{mo},",
]
PERIODS = [
    "sáu tháng đầu năm",
    "chín tháng năm nay",
    "quý I",
    "năm qua",
    "từ đầu năm đến nay",
    "tháng vừa qua",
]


@dataclass
class Credit:
    """The closing credit of a body: the HTML printed, its text, and the author gold."""

    style: str
    html: str
    text: str
    author: str | None


@dataclass
class Story:
    """One article's content, before any family's markup."""

    key: str
    topic: Topic
    title: str
    lead: str
    paragraphs: list[str]
    short: bool
    published: datetime
    credit: Credit
    image_caption: str | None = None
    table: list[list[str]] | None = None
    attachment: tuple[str, str] | None = None
    related: list[int] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        parts = [self.lead, *self.paragraphs]
        if self.credit.text:
            parts.append(self.credit.text)
        return "\n".join(parts)


def _alternatives(rng: random.Random, template: str) -> str:
    return re.sub(r"\[([^\[\]]+)\]", lambda m: rng.choice(m.group(1).split("|")), template)


def person_name(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def _honorific(name: str) -> str:
    return "bà" if name.split()[-1] in GIVEN_F else "ông"


def _money(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(2, 980)},{rng.randint(1, 9)} tỷ đồng"
    return f"{rng.randint(120, 950)} triệu đồng"


def _fill(rng: random.Random, template: str, ctx: dict[str, str], topic: Topic) -> str:
    t = _alternatives(rng, template)
    t = _alternatives(rng, t)  # nested alternatives in slot values

    def value(name: str) -> str:
        if name in ctx:
            return ctx[name]
        dyn = {
            "n": lambda: f"{rng.randint(120, 9800):,}".replace(",", "."),
            "n2": lambda: str(rng.randint(40, 900)),
            "n3": lambda: str(rng.randint(12, 240)),
            "n4": lambda: str(rng.randint(15, 700)),
            "n5": lambda: f"{rng.randint(1, 60) * 100:,}".replace(",", "."),
            "n_small": lambda: str(rng.randint(3, 19)),
            "n_small2": lambda: str(rng.randint(4, 36)),
            "pct": lambda: f"{rng.randint(55, 99)},{rng.randint(1, 9)}",
            "pct2": lambda: f"{rng.randint(2, 38)},{rng.randint(1, 9)}",
            "pct3": lambda: str(rng.randint(60, 98)),
            "money": lambda: _money(rng),
            "money2": lambda: _money(rng),
            "place": lambda: rng.choice(PLACES),
            "place2": lambda: rng.choice(PLACES),
            "agency": lambda: rng.choice(AGENCIES),
            "agency2": lambda: rng.choice(AGENCIES),
            "goal": lambda: rng.choice(GOALS),
            "audience": lambda: rng.choice(AUDIENCES),
            "event": lambda: rng.choice(topic.events),
            "task": lambda: rng.choice(topic.tasks),
            "task2": lambda: rng.choice(topic.tasks),
            "task3": lambda: rng.choice(topic.tasks),
            "opinion_task": lambda: rng.choice(topic.tasks),
            "problem": lambda: rng.choice(topic.problems),
            "problem2": lambda: rng.choice(topic.problems),
            "problem3": lambda: rng.choice(topic.problems),
            "period": lambda: rng.choice(PERIODS),
            "month": lambda: str(rng.randint(1, 12)),
            "days": lambda: str(rng.choice([7, 10, 15, 20, 30])),
            "deadline": lambda: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}",
            "docno": lambda: f"{rng.randint(12, 480)}/KH-{ctx['abbr']}",
            "person": lambda: _titled(
                rng,
                person_name(rng),
                rng.choice([*TITLES_LEADER, "Chủ tịch UBND xã", "Trưởng thôn"]),
            ),
            "person2": lambda: _titled(
                rng,
                person_name(rng),
                rng.choice(["Bí thư Đảng ủy xã", "cán bộ chuyên môn", "Trưởng phòng Kinh tế xã"]),
            ),
            "noun": lambda: topic.noun,
            "year_prev": lambda: str(int(ctx["year"]) - 1),
            "year_next": lambda: str(int(ctx["year"]) + 1),
            "name_only": lambda: person_name(rng),
            "village": lambda: rng.choice(VILLAGES),
            "hh": lambda: f"{rng.choice([7, 8, 9, 13, 14, 15])}",
            "mm": lambda: rng.choice(["00", "30", "15"]),
            "date_txt": lambda: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{ctx['year']}",
            "deadline2": lambda: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{ctx['year']}",
            "venue": lambda: _fill(rng, rng.choice(VENUES), ctx, topic),
            "person3": lambda: _titled(
                rng,
                person_name(rng),
                rng.choice(
                    [
                        "chuyên viên Văn phòng Sở",
                        "Phó Chánh Văn phòng",
                        "chuyên viên phòng Quản lý chuyên ngành",
                    ]
                ),
            ),
            "phone_a": lambda: str(rng.randint(203, 299)),
            "phone_b": lambda: f"{rng.randint(3500000, 3899999)}",
            "noun_short": lambda: topic.noun.split(" ", 2)[-1],
            "noun_cap": lambda: topic.noun[0].upper() + topic.noun[1:],
            "ministry": lambda: topic.ministry,
        }
        if name in dyn:
            return dyn[name]()
        raise KeyError(name)

    out = re.sub(r"\{(\w+)\}", lambda m: value(m.group(1)), t)
    return re.sub(r" +([,.;])", r"\1", re.sub(r"  +", " ", out))


def _titled(rng: random.Random, name: str, title: str) -> str:
    return f"{_honorific(name)} {name}, {title}"


def _when(rng: random.Random, published: datetime) -> str:
    ev = published - timedelta(days=rng.randint(0, 2))
    tpl = rng.choice(OPENERS_WHEN)
    return tpl.format(d=ev.day, d0=max(1, ev.day - 1), mo=ev.month, y=ev.year)


def _credit(rng: random.Random, style: str, source: str) -> Credit:
    name = rng.choice(PEN_NAMES)
    if style == "bold_name":
        return Credit(
            style, f'<p style="text-align: right;"><strong>{name}</strong></p>', name, name
        )
    if style == "tin_anh":
        return Credit(
            style,
            f'<p style="text-align: right;"><em>Tin, ảnh: {name}</em></p>',
            f"Tin, ảnh: {name}",
            name,
        )
    if style == "bai_anh":
        return Credit(style, f"<p><strong>Bài, ảnh: {name}</strong></p>", f"Bài, ảnh: {name}", name)
    if style == "tac_gia":
        full = person_name(rng)
        return Credit(style, f"<p>Tác giả: {full}</p>", f"Tác giả: {full}", full)
    if style == "pv":
        return Credit(style, '<p style="text-align: right;"><strong>PV</strong></p>', "PV", "PV")
    if style == "initials":
        ini = rng.choice(INITIALS)
        return Credit(style, f'<p style="text-align: right;"><b>{ini}</b></p>', ini, ini)
    if style == "two_names":
        a, b = rng.sample(PEN_NAMES, 2)
        return Credit(
            style,
            f'<p style="text-align: right;"><strong>{a} - {b}</strong></p>',
            f"{a} - {b}",
            f"{a}, {b}",
        )
    if style == "source":
        return Credit(
            style,
            f'<p style="text-align: right;"><em>Nguồn: {source}</em></p>',
            f"Nguồn: {source}",
            None,
        )
    if style == "name_source":
        return Credit(
            style,
            f'<p style="text-align: right;"><strong>{name}</strong></p><p style="text-align: right;"><em>(Nguồn: {source})</em></p>',
            f"{name}\n(Nguồn: {source})",
            name,
        )
    return Credit("none", "", "", None)


CREDIT_STYLES = [
    "bold_name",
    "tin_anh",
    "tac_gia",
    "pv",
    "initials",
    "two_names",
    "source",
    "none",
    "name_source",
    "bai_anh",
]


def shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", unicodedata.normalize("NFC", text).lower())
    return {tuple(words[i : i + k]) for i in range(max(0, len(words) - k + 1))}


def overlap(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    """Share of the smaller shingle set found in the other (containment)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


_SEEN_SHINGLES: list[set[tuple[str, ...]]] = []
MAX_OVERLAP = 0.22


def make_stories(
    dept: str,
    *,
    org: str,
    abbr: str,
    prov: str,
    seed: int,
    count: int = 30,
    short_every: int = 5,
    start: datetime,
    source: str,
    credit_styles: list[str] | None = None,
) -> list[Story]:
    """Generate `count` distinct stories (newest first) for one department."""
    rng = random.Random(seed)
    topics = TOPICS[dept]
    styles = credit_styles or CREDIT_STYLES
    stories: list[Story] = []
    titles: set[str] = set()
    when = start
    for i in range(count):
        when = when - timedelta(
            days=rng.randint(3, 19), hours=rng.randint(0, 5), minutes=rng.randint(0, 59)
        )
        published = when.replace(
            hour=rng.randint(7, 17), minute=rng.randint(0, 59), second=0, microsecond=0
        )
        short = i % short_every == short_every - 1
        topic = topics[i % len(topics)]
        for _attempt in range(400):
            story = _one_story(rng, i, topic, short, published, org, abbr, prov, styles, source)
            if story.title in titles:
                continue
            sh = shingles(story.body_text)
            if all(overlap(sh, other) < MAX_OVERLAP for other in _SEEN_SHINGLES):
                break
        else:
            raise RuntimeError(f"could not make a distinct story {dept} #{i}")
        titles.add(story.title)
        _SEEN_SHINGLES.append(sh)
        stories.append(story)
    for i, s in enumerate(stories):
        others = [j for j in range(len(stories)) if j != i]
        s.related = rng.sample(others, 6)
    return stories


def _one_story(
    rng: random.Random,
    i: int,
    topic: Topic,
    short: bool,
    published: datetime,
    org: str,
    abbr: str,
    prov: str,
    styles: list[str],
    source: str,
) -> Story:
    leader_name = person_name(rng)
    leader2 = person_name(rng)
    lead_title = rng.choice(TITLES_LEADER)
    ctx = {
        "org": org,
        "abbr": abbr,
        "prov": prov,
        "year": str(published.year),
        "when": _when(rng, published),
        "leader": f"{_honorific(leader_name)} {leader_name}, {lead_title}",
        "leader_short": f"{lead_title} {leader_name}",
        "leader_short2": f"{rng.choice(TITLES_PROV)} {leader2}",
    }
    metric = rng.choice(topic.metrics)
    ctx["m_verb"], ctx["m_unit"] = metric
    title = _fill(rng, rng.choice(topic.titles), ctx, topic)
    lead = _fill(rng, rng.choice(LEADS), ctx, topic)
    paragraphs: list[str] = []
    if short:
        title = _fill(rng, rng.choice(SHORT_TITLES), ctx, topic)
        chosen = [SHORTS[0], *rng.sample(SHORTS[1:], k=rng.randint(3, 4))]
        sentences = [_fill(rng, x, ctx, topic) for x in chosen]
        lead = sentences[0]
        rest = sentences[1:]
        cut = rng.randint(1, len(rest) - 1)
        paragraphs = [" ".join(rest[:cut]), " ".join(rest[cut:])]
    else:
        feature = i % 4 == 2  # a longer report every few stories
        facts = rng.sample(topic.facts, k=rng.randint(2, 3) if feature else rng.randint(1, 2))
        generic = rng.sample(SENTENCES, k=rng.randint(16, 20) if feature else rng.randint(8, 12))
        sentences = [_fill(rng, x, ctx, topic) for x in facts + generic]
        rng.shuffle(sentences)
        while sentences:
            take = rng.randint(2, 3)
            paragraphs.append(" ".join(sentences[:take]))
            sentences = sentences[take:]
    credit = _credit(rng, styles[i % len(styles)], source)
    story = Story(f"{abbr}-{i}", topic, title, lead, paragraphs, short, published, credit)
    if not short:
        if rng.random() < 0.6:
            story.image_caption = f"{_fill(rng, '[Quang cảnh|Toàn cảnh|Các đại biểu tại] {event}', ctx, topic).capitalize()} tại {rng.choice(PLACES)}. Ảnh: {rng.choice(PEN_NAMES)}"
        if rng.random() < 0.35:
            story.table = _table(rng, topic)
        if rng.random() < 0.45:
            num = rng.randint(20, 990)
            story.attachment = (
                f"{num}-KH-{abbr} {rng.choice(['triển khai', 'thực hiện', 'kiểm tra'])} năm {published.year}.pdf",
                f"Kế hoạch số {num}/KH-{abbr}",
            )
    return story


def _table(rng: random.Random, topic: Topic) -> list[list[str]]:
    _verb, unit = rng.choice(topic.metrics)
    rows = [["STT", "Địa phương", f"Số {unit}", "Tỷ lệ so với kế hoạch (%)"]]
    for k, place in enumerate(rng.sample(PLACES, rng.randint(3, 5)), start=1):
        rows.append(
            [
                str(k),
                place[0].upper() + place[1:],
                str(rng.randint(10, 900)),
                f"{rng.randint(60, 120)}",
            ]
        )
    return rows


def phrase(text: str, *, at_start: bool, words: int = 8) -> str:
    """A run of words from the start or the end of a paragraph (a `body_must` phrase)."""
    tokens = text.split()
    if len(tokens) <= words:
        return text
    chosen = tokens[:words] if at_start else tokens[-words:]
    return " ".join(chosen).strip(" ,;.")


def date_dmy(d: datetime) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def iso_minute(d: datetime) -> str:
    return d.strftime("%Y-%m-%dT%H:%M:00+07:00")
