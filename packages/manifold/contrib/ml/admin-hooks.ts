// The ml app's admin hooks: the model library replaces MlModel's change list and its add/change forms (upload, the
// validation report, the signature, the versions), and the /admin/api/ml endpoints it talks to. Versions are made by
// uploads only: the generic forms never create one.
import { AdminValidationError, type AdminModelHooks } from '../../lib/app';
import { getDb } from '../../lib/db';
import { getCurrentUser } from '../accounts/auth';
import { mlAdminEndpoints } from './custom/admin-endpoints';
import { modelLimits } from './custom/store';

export const endpoints = mlAdminEndpoints({
  db: () => getDb(),
  user: async () => {
    const user = await getCurrentUser();
    return user ? { id: user.id } : null;
  },
  limits: () => modelLimits(),
});

const uploadOnly = (what: string) => async ({ data, existing }: { data: Record<string, unknown>; existing: Record<string, unknown> | null }) => {
  if (!existing) throw new AdminValidationError([{ field: null, message: `${what}은(는) 모델 라이브러리에서 올려 주세요 / Upload ${what === '모델 버전' ? 'model versions' : 'models'} in the model library` }]);
  return data;
};

const hooks: Partial<Record<string, AdminModelHooks>> = {
  MlModel: {
    changeListView: () => import('./custom/views/library-page'),
    changeFormView: () => import('./custom/views/model-page'),
  },
  MlModelVersion: {
    beforeSave: uploadOnly('모델 버전'),
  },
};

export default hooks;
