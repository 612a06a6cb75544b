// How the automatic admin shows users and groups (Django's UserAdmin and GroupAdmin). Browser-safe (options only);
// the password field and ending sessions are admin-hooks.ts's.
import type { ModelAdmin } from '../../lib/app';

const admin: ModelAdmin[] = [
  {
    model: 'User',
    verboseName: '사용자',
    verboseNamePlural: '사용자',
    listDisplay: ['email', 'name', 'isStaff', 'isSuperuser', 'isActive', 'lastLoginAt'],
    listFilter: ['isStaff', 'isSuperuser', 'isActive', 'groups'],
    searchFields: ['email', 'name'],
    ordering: ['email'],
    // The hash is never shown or edited: "set password" (extraFields) replaces it through beforeSave.
    readonlyFields: ['lastLoginAt', 'createdAt', 'passwordChangedAt'],
    autocompleteFields: ['groups'],
    fieldsets: [
      { fields: ['email', 'name'] },
      { title: '권한', fields: ['isActive', 'isStaff', 'isSuperuser', 'groups', 'userPermissions'] },
      { title: '기록', fields: ['lastLoginAt', 'passwordChangedAt', 'createdAt'] },
    ],
    extraFields: [
      {
        name: 'password',
        label: '새 비밀번호',
        labelEn: 'Set password',
        widget: 'password',
        help: '비워 두면 바뀌지 않습니다. 바꾸면 이 사용자의 모든 세션이 끝납니다.',
        helpEn: 'Leave blank to keep the current one. Setting it signs the user out everywhere.',
      },
    ],
  },
  {
    model: 'Group',
    verboseName: '그룹',
    verboseNamePlural: '그룹',
    listDisplay: ['name'],
    searchFields: ['name'],
    ordering: ['name'],
    fieldsets: [{ fields: ['name', 'permissions'] }],
  },
];

export default admin;
