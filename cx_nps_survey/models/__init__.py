# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import survey_label
from . import survey_page
from . import survey_question
from . import survey_survey
from . import survey_user_input
from . import survey_user_input_segment
from . import survey_user_input_line
from . import cx_nps_campaign
from . import cx_nps_campaign_stratum
from . import cx_nps_followup_reason
from . import cx_nps_response
from . import cx_nps_response_period
from . import cx_nps_response_stats
from . import cx_nps_answer_audit
from . import res_partner
from . import account_invoice
from . import cx_nps_analysis
from . import cx_nps_demo
from . import mail_mail
from . import cx_timeline
from . import res_partner_signals
from . import cx_headline
from . import cx_nps_analysis_drivers
