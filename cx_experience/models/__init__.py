# Copyright 2026 Customer Experience contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import cx_period_mixin
from . import cx_tier
from . import cx_tier_change
from . import cx_lifecycle_stage
from . import cx_lifecycle_history
from . import cx_lifecycle_history_period
from . import cx_touchpoint
from . import cx_interaction
from . import res_company
from . import res_partner
from . import res_partner_satisfaction
from . import cx_satisfaction_history
from . import cx_timeline
from . import res_config_settings
from . import res_config_settings_satisfaction
from . import cx_lifecycle_stage_time
from . import cx_lifecycle_stage_stats
from . import cx_lifecycle_transition
from . import cx_dashboard_figure
from . import cx_headline
from . import res_config_settings_targets
from . import cx_digest
from . import ir_translation
from . import mail_message
from . import cx_demo
