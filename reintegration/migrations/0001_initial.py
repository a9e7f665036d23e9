"""The reintegration models, taken over from the absence app with their tables.

The tables (absence_reintegrationcase, absence_caserecord, ...) were created by
absence/migrations/0005_reintegration and keep their names (Meta.db_table), rows and
constraints: this migration only tells Django that the models now live here
(database_operations is empty)."""

import core.dates
import core.fields
import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('absence', '0007_reintegration_moves_to_its_app'),
        ('hrm', '0007_date_range_and_text_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='CaseRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('consultation', 'Consultation with the company doctor'), ('problem_analysis', 'Problem analysis'), ('action_plan', 'Action plan'), ('plan_evaluation', 'Evaluation of the action plan'), ('uwv_42_week_report', '42nd-week sick report to UWV'), ('first_year_evaluation', 'First-year evaluation'), ('track_2_start', 'Start of track 2'), ('final_evaluation', 'Final evaluation'), ('wia_application', 'WIA application'), ('other', 'Other conversation or agreement')], max_length=30, verbose_name='what')),
                        ('date', models.DateField(validators=[core.dates.validate_date], verbose_name='date')),
                        ('company_doctor', models.CharField(blank=True, max_length=120, verbose_name='company doctor')),
                        ('hours_per_day', models.DecimalField(blank=True, decimal_places=1, max_digits=4, null=True, validators=[django.core.validators.MinValueValidator(Decimal('0')), django.core.validators.MaxValueValidator(Decimal('24'))], verbose_name='can work (hours per day)')),
                        ('can_do', core.fields.LimitedTextField(blank=True, max_length=2000, verbose_name='what the employee can do')),
                        ('cannot_do', core.fields.LimitedTextField(blank=True, max_length=2000, verbose_name='what the employee cannot do (yet)')),
                        ('next_consultation', models.DateField(blank=True, null=True, validators=[core.dates.validate_date], verbose_name='next consultation')),
                        ('goal', core.fields.LimitedTextField(blank=True, max_length=2000, verbose_name='goal')),
                        ('track', models.CharField(blank=True, choices=[('1', 'Track 1: own or adjusted work with this employer'), ('2', 'Track 2: work with another employer')], max_length=1, verbose_name='track')),
                        ('signed_by_employer', models.DateField(blank=True, null=True, validators=[core.dates.validate_date], verbose_name='signed by the employer on')),
                        ('signed_by_employee', models.DateField(blank=True, null=True, validators=[core.dates.validate_date], verbose_name='signed by the employee on')),
                        ('notes', core.fields.LimitedTextField(blank=True, max_length=5000, verbose_name='notes')),
                        ('employee_view', core.fields.LimitedTextField(blank=True, help_text='Written by the employee: their own view on the plan or the evaluation.', max_length=5000, verbose_name="the employee's view")),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'case record',
                        'verbose_name_plural': 'case records',
                        'db_table': 'absence_caserecord',
                        'ordering': ['date', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('file', models.FileField(max_length=255, upload_to='cases/%Y/%m/', verbose_name='file')),
                        ('name', models.CharField(max_length=200, verbose_name='name')),
                        ('size', models.PositiveIntegerField(verbose_name='size (bytes)')),
                        ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                        ('uploaded_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('record', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='reintegration.caserecord')),
                    ],
                    options={
                        'verbose_name': 'document',
                        'verbose_name_plural': 'documents',
                        'db_table': 'absence_casedocument',
                        'ordering': ['uploaded_at'],
                    },
                ),
                migrations.CreateModel(
                    name='CaseActivity',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('description', models.CharField(max_length=300, verbose_name='activity')),
                        ('owner', models.CharField(max_length=120, verbose_name='who')),
                        ('due', models.DateField(validators=[core.dates.validate_date], verbose_name='by')),
                        ('done', models.BooleanField(default=False, verbose_name='done')),
                        ('record', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='activities', to='reintegration.caserecord')),
                    ],
                    options={
                        'verbose_name': 'agreed activity',
                        'verbose_name_plural': 'agreed activities',
                        'db_table': 'absence_caseactivity',
                        'ordering': ['due', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ReintegrationCase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('chain_start', models.DateField(verbose_name='first sick day of the chain')),
                        ('closed_on', models.DateField(blank=True, help_text='The day of full recovery.', null=True, verbose_name='closed on')),
                        ('wia_letter_date', models.DateField(blank=True, help_text='When recorded, this date is the deadline of the WIA application.', null=True, validators=[core.dates.validate_date], verbose_name="WIA application date from UWV's week-88 letter")),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('employee', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cases', to='hrm.employee', verbose_name='employee')),
                        ('owner', models.ForeignKey(blank=True, help_text='The adjunct-director or the absence specialist.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='owned_cases', to=settings.AUTH_USER_MODEL, verbose_name='case owner')),
                    ],
                    options={
                        'verbose_name': 'reintegration case',
                        'verbose_name_plural': 'reintegration cases',
                        'db_table': 'absence_reintegrationcase',
                        'ordering': ['-chain_start'],
                    },
                ),
                migrations.AddField(
                    model_name='caserecord',
                    name='case',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='records', to='reintegration.reintegrationcase', verbose_name='case'),
                ),
                migrations.CreateModel(
                    name='ReminderSent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('milestone', models.CharField(max_length=40)),
                        ('due', models.DateField()),
                        ('stage', models.CharField(max_length=10)),
                        ('recipient', models.EmailField(max_length=254)),
                        ('sent_on', models.DateField()),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reintegration.reintegrationcase')),
                    ],
                    options={
                        'verbose_name': 'reminder sent',
                        'verbose_name_plural': 'reminders sent',
                        'db_table': 'absence_remindersent',
                    },
                ),
                migrations.AddConstraint(
                    model_name='reintegrationcase',
                    constraint=models.UniqueConstraint(fields=('employee', 'chain_start'), name='absence_case_unique_chain'),
                ),
                migrations.AddConstraint(
                    model_name='remindersent',
                    constraint=models.UniqueConstraint(fields=('case', 'milestone', 'due', 'stage'), name='absence_reminder_once'),
                ),
            ],
        ),
    ]
